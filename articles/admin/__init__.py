"""The desk in Django's admin: the story screen and the pages of a story's parts.

story: the story screen (ArticleAdmin), categories and sources; views: its workflow, preview
and editing-marker views; attendees: attendee tables and columns; tags: taggit's tag admin
with our checks. Other apps' admin pieces on the story screen are joined in newsroom.
"""

from . import attendees, story, tags, views  # noqa: F401
