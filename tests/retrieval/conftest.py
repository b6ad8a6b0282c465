"""Small hand-written Norwegian articles shared by the retrieval tests."""

from __future__ import annotations

import pytest

from retrieval.news.article import Article


@pytest.fixture
def articles() -> list[Article]:
    return [
        Article(
            "larsson",
            "Zara Larsson til Idyll",
            "Zara Larsson til Idyll\n"
            "Zara Larsson kommer til festivalen Idyll i Zara-byen neste sommer, sier ledelsen.\n"
            "Svensken har samarbeidet med mange artister. Hun har rasket med seg 30 gullplater og 125 platinaplater.\n"
            "Billettene blir sluppet mandag.",
        ),
        Article(
            "statsminister",
            "Statsministeren besøkte Tromsø",
            "Statsministeren besøkte Tromsø\n"
            "Statsminister Erna Solberg var i Tromsø tirsdag for å møte ordføreren.\n"
            "Besøket varte i to dager. Foto: NTB",
        ),
        Article(
            "vaer",
            "Kaldt vær i vente",
            "Kaldt vær i vente\nMeteorologene varsler kulde og snø i hele landet fra fredag.",
        ),
    ]
