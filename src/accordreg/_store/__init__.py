"""Files on disk: finding record files, reading them, writing atomically."""
