"""The dashboard's pages, in menu order: used by dashboard.py (st.navigation) and the sidebar menu."""

from __future__ import annotations

from pathlib import Path

PAGES = (
    ("pages/1_overview.py", "Overview", ":material/dashboard:"),
    ("pages/2_trends.py", "Trends", ":material/show_chart:"),
    ("pages/14_compare.py", "Compare", ":material/compare_arrows:"),
    ("pages/3_meetings.py", "Meetings", ":material/event:"),
    ("pages/4_evidence.py", "Evidence", ":material/search:"),
    ("pages/5_missions.py", "Missions", ":material/public:"),
    ("pages/6_cooccurrence.py", "Co-occurrence", ":material/hub:"),
    ("pages/7_taxonomy.py", "Taxonomy", ":material/sell:"),
    ("pages/8_method.py", "Method", ":material/menu_book:"),
    ("pages/9_briefing.py", "Briefing", ":material/description:"),
    ("pages/10_present.py", "Present", ":material/slideshow:"),
    ("pages/11_documents.py", "Documents", ":material/upload_file:"),
    ("pages/12_curate.py", "Curate taxonomy", ":material/edit_note:"),
    ("pages/13_reviews.py", "Reviews", ":material/fact_check:"),
)
TITLE = "Mandate Gap Monitor"
# The page icon is a file served by the app itself: a Material icon as the page icon made each page ask a
# font server on the internet for it, and experts often work offline.
ICON = str(Path(__file__).with_name("icon.png"))
