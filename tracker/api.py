"""The JSON/CSV API under /api/v1/: one DRF router."""

urlpatterns: list = []
