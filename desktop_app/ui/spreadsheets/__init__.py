"""Spreadsheet import (with a preview of every row's problems), export and templates."""
