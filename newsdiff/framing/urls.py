"""The researchers' workbench under /framing/ (tagging, agreement, charts, export), and the API."""

from django.urls import path

from newsdiff.framing.views import agreement, exports, research, tagging

app_name = "framing"

urlpatterns = [
    path("", research.home, name="home"),
    path("events/<int:event_id>/frames/", research.event_frames, name="event-frames"),
    path("chart/", research.chart, name="chart"),
    path("agreement/", agreement.agreement_page, name="agreement"),
    path("disagreements/", agreement.disagreements, name="disagreements"),
    path("disagreements/adjudicate/", agreement.adjudicate, name="adjudicate"),
    path("export/", exports.download, name="export"),
    path("token/", exports.token, name="token"),
    path("passages/<int:paragraph_id>/", tagging.passage, name="passage"),
    path("passages/<int:paragraph_id>/tags/", tagging.tag_passage, name="tag-passage"),
    path("pairs/<int:a>/<int:b>/", tagging.pair, name="pair"),
    path("pairs/<int:a>/<int:b>/tags/", tagging.tag_pair, name="tag-pair"),
    path("pairs/<int:a>/<int:b>/decisions/", tagging.decide, name="decide"),
    path("tags/<int:annotation_id>/", tagging.update_tag, name="update-tag"),
    path("tags/<int:annotation_id>/delete/", tagging.delete_tag, name="delete-tag"),
]

# The read-only JSON API, at /api/ beside the workbench (scripts hold its URLs).
api_urlpatterns = [
    path("annotations/", exports.annotations_api, name="api-annotations"),
]
