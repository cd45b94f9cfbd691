"""Feed generators that name the site's WebSub hubs, so subscribers can ask them for pushes."""

from django.conf import settings
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed


class HubRss201rev2Feed(Rss201rev2Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for hub in settings.NEWSROOM_WEBSUB_HUBS:
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": hub})


class HubAtom1Feed(Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for hub in settings.NEWSROOM_WEBSUB_HUBS:
            handler.addQuickElement("link", "", {"rel": "hub", "href": hub})
