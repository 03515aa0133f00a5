"""A refused command's parameters in the user's language: the argument named as that language names
it, the hint with its choices listed in that language's words, the usage line with localised
placeholders, and "did you mean" with the nearest commands, options or values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.grammar import CommandSpec, command, usage
from bot.commands.vocab import Vocab, codes, label, listing, preferred
from bot.i18n import catalog as i18n

_NAMED = ("arg", "what")  # parameters that carry an argument's name
# Parameters that may carry a code (`platform="lancers"`) or several: shown as the user's language names them.
_CODED = {
    "platform": Vocab.PLATFORM,
    "platforms": Vocab.PLATFORM,
    "step": Vocab.STEP,
    "currency": Vocab.CURRENCY,
    "written": Vocab.CURRENCY,
}


def arg_label(lang: str, spec: CommandSpec | None, name: str) -> str:
    """An argument as the user's language names it; a keyword one also shows how it is written."""
    own = (f"argname_in.{spec.name}.{name}",) if spec else ()
    text = i18n.first(lang, (*own, f"argname.{name}", f"stepname.{name}")) or name
    arg = spec.arg(name) if spec else None
    if arg is not None and arg.keyword:
        return i18n.t(lang, "argname.keyword", label=text, key=name)
    return text


def suggestion(lang: str, params: Mapping[str, Any]) -> str:
    """ "Did you mean ...?" for the suggestions an error carries, or nothing."""
    found = tuple(params.get("suggest") or ())
    if not found:
        return ""
    how = params.get("suggest_as")
    if how in ("command", "option"):  # command syntax, written as code
        codes = [f"`/gig {name}`" if how == "command" else f"`{name}:`" for name in found]
        return i18n.t(lang, "suggest.code_sentence", words=i18n.t(lang, "suggest.code_or").join(codes))
    vocab = Vocab(params["vocab"])
    words = [i18n.t(lang, "suggest.value", word=preferred(vocab, code, lang)) for code in found]
    return i18n.t(lang, "suggest.sentence", words=i18n.t(lang, "suggest.or").join(words))


def localise(lang: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of an error key, ready to fill its text in `lang`."""
    spec = command(str(params.get("command", "")))
    out = dict(params)
    for name in _NAMED:
        if name in out:
            out[name] = arg_label(lang, spec, str(out[name]))
    for name, coded in _CODED.items():
        value = out.get(name)
        if isinstance(value, tuple | list) and set(value) <= set(codes(coded)):
            out[name] = i18n.t(lang, "sep.list").join(label(coded, code, lang) for code in value)
        elif value in codes(coded):
            out[name] = label(coded, str(value), lang)
    if "hint" in params:
        vocab, allowed = params.get("vocab"), tuple(params.get("allowed") or ())
        sep = i18n.t(lang, "sep.list")
        choices = listing(Vocab(vocab), lang, allowed) if vocab else sep.join(allowed)
        fill = {k: v for k, v in out.items() if k != "hint"}
        out["hint"] = i18n.t(lang, str(params["hint"]), **{**fill, "choices": choices})
    out["usage"] = usage(spec, lang) if spec else ""
    out["suggest"] = suggestion(lang, params)
    return out
