"""The Qt desktop layer: windows, views, dialogs and the tray, over the plain-Python core."""
