"""The plain-Python core: models, storage and services. It never imports Qt or the UI package."""
