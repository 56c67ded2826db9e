"""Writing the YAML files a revisor reads and edits (codebook drafts, ``make study``'s files).

One writer, on ruamel.yaml, so that comments sit where they belong: a header
saying what the file is, a «SJEKK» or «REVISOR» mark on the line above (or
beside) the key it is about, and blank lines between sections. Keys keep the
order they were added in. The output is plain block YAML with short lists on
one line, no line folding, and never an anchor or alias (the study reader,
:func:`pipeline.config.read_yaml`, refuses them). Same document in, same bytes
out.

ruamel.yaml writes YAML 1.2, while the study reader (PyYAML) reads YAML 1.1,
where a plain ``No``, ``on`` or ``1:20`` is not text and a plain ``:0`` is an
error: a string is written plain only where PyYAML would write it plain too.

>>> doc = mapping({"platform": "efs", "labels": flow(["Ja", "Nei", "No", "12"])})
>>> note_above(doc, "labels", ["SJEKK rekkefølgen"])
>>> note_beside(doc, "platform", "REVISOR")
>>> print(dump(doc, header=["Utkast"]), end="")
# Utkast
<BLANKLINE>
platform: efs  # REVISOR
# SJEKK rekkefølgen
labels: [Ja, Nei, 'No', '12']
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.tokens import CommentToken

# Spaces per nesting level; a list's «- » is indented by the same amount under its key.
INDENT = 2

_STR = "tag:yaml.org,2002:str"
# What YAML takes for a line break (NEL and the Unicode line and paragraph separators too).
_LINE_BREAKS = "\r\n\x85\u2028\u2029"


def _plain_reads_as_written(text: str) -> bool:
    """Whether the study reader (PyYAML, YAML 1.1) reads ``text`` written without quotes,
    in a block or a one-line list, as this very string: no ``No`` (false) or ``1:20`` (a
    number), and no ``:0``, which YAML 1.2 may write plain and YAML 1.1 cannot parse."""
    analysis = pyyaml.emitter.Emitter(io.StringIO()).analyze_scalar(text)
    if not (analysis.allow_block_plain and analysis.allow_flow_plain):
        return False
    return pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, text, (True, False)) == _STR


class _Representer(RoundTripRepresenter):
    """Round-trip representer that never writes anchors and quotes YAML 1.1 look-alikes."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the same list twice is written out twice

    def represent_str(self, data: str) -> Any:
        if any(c in data for c in _LINE_BREAKS):
            style = '"'  # escaped: in single quotes YAML folds a line break into a space
        else:
            style = None if _plain_reads_as_written(data) else "'"
        return self.represent_scalar(_STR, data, style=style)


_Representer.add_representer(str, _Representer.represent_str)


def _yaml() -> YAML:
    writer = YAML(typ="rt")
    writer.Representer = _Representer
    writer.width = 100_000  # never fold a long question text over two lines
    writer.indent(mapping=INDENT, sequence=2 * INDENT, offset=INDENT)
    return writer


def mapping(values: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> CommentedMap:
    """A block mapping (one key per line) that can carry comments."""
    return CommentedMap(values)


def sequence(values: Iterable[Any] = ()) -> CommentedSeq:
    """A block list (one ``- `` entry per line) that can carry comments."""
    return CommentedSeq(values)


def flow(values: Mapping[str, Any] | Sequence[Any]) -> CommentedMap | CommentedSeq:
    """A list or mapping written on one line: ``[Ja, Nei]``, ``{id: x, label: Y}``."""
    node = CommentedMap(values) if isinstance(values, Mapping) else CommentedSeq(values)
    node.fa.set_flow_style()
    return node


def note_above(
    node: CommentedMap | CommentedSeq,
    key: str | int,
    lines: Sequence[str],
    *,
    indent: int = 0,
    blank: bool = False,
) -> None:
    """Comment lines right above ``key`` (a list index for a list), at column ``indent``;
    ``blank`` puts an empty line before them."""
    text = "\n".join(([""] if blank else []) + list(lines))
    if text or blank:
        node.yaml_set_comment_before_after_key(key, before=text or "\n", indent=indent)


def note_beside(node: CommentedMap | CommentedSeq, key: str | int, text: str) -> None:
    """A comment at the end of ``key``'s line: ``kommune: Nordby kommune  # REVISOR``."""
    # The public yaml_add_eol_comment aligns with a neighbour's comment or leaves one space;
    # the token with its own leading space gives two after every value.
    node._yaml_add_eol_comment([CommentToken(f" # {text}", CommentMark(0)), None], key)


def dump(document: CommentedMap, *, header: Sequence[str] = (), footer: Sequence[str] = ()) -> str:
    """The document as YAML text: ``header`` comment lines and an empty line first,
    ``footer`` comment lines (after an empty line) last."""
    if header:
        document.yaml_set_start_comment("\n".join(header))
        if document:  # an empty line between the header and the first key
            entry = document.ca.items.setdefault(next(iter(document)), [None, None, None, None])
            entry[1] = [CommentToken("\n", CommentMark(0)), *(entry[1] or [])]
    if footer:
        lines = "".join(f"# {line}".rstrip() + "\n" for line in footer)
        document.yaml_end_comment_extend([CommentToken("\n" + lines, CommentMark(0))], clear=True)
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()
