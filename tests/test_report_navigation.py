"""The navigation added to the rendered report: anchors, contents, numbers, «Til toppen»."""

from __future__ import annotations

from pipeline.report.navigation import add_navigation, slug

BODY = """<body><header class="forside" id="top"><h1>Rapport</h1></header>
<main id="innhold">
<section class="chapter" id="metode"><h2 id="metode-tittel">2 Metode</h2>
<h3>2.1 Spørreundersøkelsen</h3>
<figure id="fig-svar"><img src="data:," alt="x"><figcaption>Svar</figcaption></figure>
<h3>2.1 Spørreundersøkelsen</h3>
<div class="table-wrap"><table><caption>Inviterte</caption><tr><th>a</th></tr></table></div>
</section>
<section class="chapter appendix" id="vedlegg"><h2 id="vedlegg-tittel">Vedlegg</h2>
<h3 id="vedlegg-1">Vedlegg 1: Uttalelse</h3>
<table id="egen"><caption>Egen</caption><tr><th>b</th></tr></table>
</section>
</main>
</body>"""


def test_headings_without_id_get_unique_ascii_anchors() -> None:
    page = add_navigation(BODY)
    assert '<h3 id="2-1-sporreundersokelsen">' in page
    assert '<h3 id="2-1-sporreundersokelsen-2">' in page
    assert slug("Ærlig – åpent?") == "aerlig-apent"


def test_contents_list_chapters_with_their_sections_and_the_appendices() -> None:
    page = add_navigation(BODY)
    nav = page[page.index('<nav class="side-nav"') : page.index("</nav>")]
    assert nav.index('href="#metode-tittel"') < nav.index('href="#2-1-sporreundersokelsen"')
    assert (
        '<li class="appendices"><a href="#vedlegg-tittel">Vedlegg</a><ol><li><a href="#vedlegg-1">'
        in nav
    )
    assert page.index('<nav class="side-nav"') < page.index("<main")


def test_figures_and_tables_are_numbered_with_a_link_to_themselves() -> None:
    page = add_navigation(BODY)
    assert '<figcaption><a class="number" href="#fig-svar">Figur 1:</a> Svar' in page
    assert '<table id="tabell-1"><caption><a class="number" href="#tabell-1">Tabell 1:</a>' in page
    assert add_navigation(BODY.replace("<table>", '<table class="data">')).count(
        '<table class="data" id="tabell-1">'
    )
    assert '<caption><a class="number" href="#egen">Tabell 2:</a> Egen' in page


def test_every_chapter_ends_with_a_link_to_the_top() -> None:
    page = add_navigation(BODY)
    assert page.count('<a href="#top">Til toppen</a>') == 2
    assert page.index("Til toppen") < page.index('<section class="chapter appendix"')


def test_script_goes_before_the_end_of_body_and_a_page_without_main_is_left_alone() -> None:
    assert "<script>\nlet x;</script>\n</body>" in add_navigation(BODY, "let x;")
    assert add_navigation("<body><p>x</p></body>", "let x;") == "<body><p>x</p></body>"
