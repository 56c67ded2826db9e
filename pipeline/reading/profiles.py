"""Platform profiles: where each survey platform keeps respondent metadata.

The reader is driven by the header row, not by column positions. A profile
names the metadata columns a platform writes, which values mean "completed",
which codes mean "missing" and which columns are personal data. The codebook's
``metadata`` section overrides any of these for one study.
See docs/platforms.md for what each platform's fields mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Profile:
    """What one platform's response export looks like."""

    name: str
    respondent_id: str
    started: str | None
    completed: str | None
    status: str | None
    completed_values: tuple[str, ...]
    last_page: str | None = None
    missing_codes: tuple[str, ...] = ()  # cell values meaning "not seen / not answered"
    identifiers: tuple[str, ...] = ()  # headers of personal-data columns (case-insensitive)
    identifier_prefixes: tuple[str, ...] = ()  # e.g. EFS ``u_*`` personal fields
    ignored: tuple[str, ...] = ()  # known system columns that carry no answers
    tester: str | None = None  # column marking test respondents with 1 (EFS ``tester``)


PROFILES: dict[str, Profile] = {
    "questback_essentials": Profile(
        name="questback_essentials",
        respondent_id="Respondent-ID",
        started="Starttidspunkt",
        completed="Sluttidspunkt",
        status="Status",
        completed_values=("Fullført",),
        identifiers=(
            "E-post",
            "Mobil",
            "Mobilnummer",
            "Navn",
            "Fornavn",
            "Etternavn",
            "IP-adresse",
        ),
    ),
    "efs": Profile(
        name="efs",
        respondent_id="lfdn",
        started="datetime",
        completed="date_of_last_access",
        status="dispcode",
        completed_values=("31", "32", "33", "34"),
        last_page="lastpage",
        missing_codes=("-77", "-66", "-99"),
        identifiers=("email", "ip_addr", "external_lfdn"),
        identifier_prefixes=("u_",),
        tester="tester",
        ignored=(
            "quality",
            "duration",
            "browser",
            "device_type",
            "page_history",
            "referer",
        ),
    ),
    "surveyxact": Profile(
        name="surveyxact",
        respondent_id="respondentid",
        started="starttime",
        completed="closetime",
        status="statoverall",
        completed_values=("4",),
        identifiers=("email", "name", "navn", "e-post"),
        ignored=("difftime",),
    ),
}


def profile_for(platform: str) -> Profile:
    """The profile of a platform id (``questback_essentials``, ``efs``, ``surveyxact``).

    >>> profile_for("efs").completed_values
    ('31', '32', '33', '34')
    """
    return PROFILES[platform]


def detect_platform(columns: pd.Index | list[str]) -> str | None:
    """The platform whose metadata columns the header row shows, if obvious.

    >>> detect_platform(["lfdn", "dispcode", "v_1"])
    'efs'
    >>> detect_platform(["Respondent-ID", "Starttidspunkt", "Hvilken etat?"])
    'questback_essentials'
    >>> detect_platform(["a", "b"]) is None
    True
    """
    names = {str(c).strip().lower() for c in columns}
    for profile in PROFILES.values():
        wanted = {profile.respondent_id.lower()}
        if profile.status:
            wanted.add(profile.status.lower())
        if len(wanted & names) == len(wanted) or (
            profile.respondent_id.lower() in names
            and profile.started
            and profile.started.lower() in names
        ):
            return profile.name
    return None
