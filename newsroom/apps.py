"""Third-party apps as the desk reads them: in Korean in the admin's lists and headings."""

from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    verbose_name = "태그"

    def ready(self):
        super().ready()
        # taggit ships no Korean; its model names show in the admin's index and breadcrumbs.
        tag = self.get_model("Tag")
        tag._meta.verbose_name = "태그"
        tag._meta.verbose_name_plural = "태그"
        tagged = self.get_model("TaggedItem")
        tagged._meta.verbose_name = "태그 붙은 항목"
        tagged._meta.verbose_name_plural = "태그 붙은 항목"
