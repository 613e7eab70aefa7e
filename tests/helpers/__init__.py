"""Shared test helpers: local servers and fakes (Kolada, CMS), the mini project and
build runners, browser launch, data builders. Test modules import from here, never
from each other."""
