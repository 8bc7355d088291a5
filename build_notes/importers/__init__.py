"""`build-notes import`: a conference's published programme -> draft talk files.

One reader per format (frab_xml, schedule_json, pyvideo) returns the same `Programme`;
`plan` turns it into the file changes, checked before anything is written.
"""
