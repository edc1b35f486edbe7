"""The Today view: the home screen."""
