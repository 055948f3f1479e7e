"""`accordreg lsp`: a language server that carries every check of `accordreg validate`,
the registry's vocabulary and its references into an editor, as the files are typed.

It needs the `lsp` extra (pygls and lsprotocol): the rest of the package never imports
this subpackage.
"""
