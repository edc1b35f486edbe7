"""Phone numbers as people type them, turned into one comparable key and a readable form.

Mainland China by default: landlines with area codes, bare local numbers completed with the
company's area code, mobiles, ``+86`` and ``0086`` prefixes, full-width digits. Bank service
numbers (95xxx, 96xxx) and 400/800 hotlines are not E.164 subscriber numbers; they get a key of
their own (``svc:95588``) so that they still match exactly, also when a switchboard put a trunk
``0`` before them (``095588``).

Digits after the number — an extension or digits dialled into a voice menu — never change the
key: they are split off into :attr:`Phone.extension`, whether written after 转/分机/ext/x, a
comma, a ``p``/``w`` pause, ``#``, or (for a landline or a service number) a last dash group
(``010-65521234-808``, ``95588-1234``), which is what caller IDs and spreadsheets show.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_

SERVICE_PREFIX = "svc:"
MAX_EXTENSION = 12  # digits kept after the number (an extension, or a voice menu's choices)
# The first separator after which only digits, pauses and separators follow.
_SUFFIX = re.compile(r"(?:转|分机|ext\.?|x|[,，;；pw#])[\s\d,，;；pw#*\-]*$", re.IGNORECASE)
_DASH_TAIL = re.compile(r"^(.*\d.*?)\s*-\s*(\d{1,6})\s*$")
_SERVICE = re.compile(r"^(?:9[56]\d{3,6}|[48]00\d{7}|1[0-2]\d{3})$")
# A switchboard's trunk 0 before a bank service number or a hotline: 095588, 04008205555.
# (Area codes 0951–0956 are followed by seven or eight digits, never by three to six.)
_TRUNK_SERVICE = re.compile(r"^0(9[56]\d{3,4}|[48]00\d{7})$")
_LOCAL = re.compile(r"^[2-9]\d{6,7}$")


@dataclass(frozen=True)
class Phone:
    """A normalised phone number: ``key`` compares, ``display`` is shown, ``kind`` classifies."""

    key: str
    display: str
    kind: str  # "landline", "mobile", "service", "foreign", "other"
    extension: str | None = None

    @property
    def number_display(self) -> str:
        """The number without its extension."""
        suffix = f" ext. {self.extension}" if self.extension else ""
        return self.display.removesuffix(suffix) if suffix else self.display


def clean_digits(raw: str) -> str:
    """Fold full-width characters and drop spacing, dashes, dots and brackets."""
    text = unicodedata.normalize("NFKC", raw).strip()
    return re.sub(r"[\s\-.()（）/]", "", text)


def split_extension(raw: str) -> tuple[str, str | None]:
    """``raw`` (NFKC-folded) without what follows the number, and those digits (or ``None``).

    Only explicit separators here; a last dash group is judged by :func:`normalise`, because
    ``010-6552-1234`` is one number and ``010-65521234-808`` is a number and an extension.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    match = _SUFFIX.search(text)
    if match is None or not re.search(r"\d", text[: match.start()]):
        return text, None
    digits = re.sub(r"\D", "", match.group(0))[:MAX_EXTENSION]
    if not digits and not re.match(r"[,，;；pw#]", match.group(0), re.IGNORECASE):
        return text, None  # 转, ext or x announce an extension: without one it is no number
    return text[: match.start()].strip(), digits or None


def _national(compact: str) -> str:
    if compact.startswith("0086"):
        compact = "+86" + compact[4:]
    return compact[3:] if compact.startswith("+86") else compact


def _service(compact: str) -> str | None:
    """The service number ``compact`` is (with a trunk 0 or +86 in front), else ``None``."""
    national = _national(compact)
    if _SERVICE.match(national):
        return national
    trunk = _TRUNK_SERVICE.match(national)
    return trunk.group(1) if trunk else None


def _parse(text: str, area_code: str) -> Phone | None:
    """The number ``text`` is without any extension, or ``None``."""
    compact = clean_digits(text)
    if compact.startswith("0086"):
        compact = "+86" + compact[4:]
    service = _service(compact)
    if service is not None:
        return Phone(SERVICE_PREFIX + service, service, "service")
    if _LOCAL.match(compact):
        compact = "0" + area_code.lstrip("0") + compact
    if not re.fullmatch(r"\+?\d{5,20}", compact):
        return None
    import phonenumbers  # here, not at the top: start-up does not need its 60 modules

    try:
        parsed = phonenumbers.parse(compact, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    key = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    number_type = phonenumbers.number_type(parsed)
    if parsed.country_code != 86:
        display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return Phone(key, display, "foreign")
    display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    if number_type == phonenumbers.PhoneNumberType.MOBILE:
        kind = "mobile"
    elif number_type == phonenumbers.PhoneNumberType.FIXED_LINE:
        kind = "landline"
    else:
        kind = "other"
    return Phone(key, display, kind)


def _with_dash_extension(text: str, area_code: str) -> tuple[Phone, str] | None:
    """A number and the extension after its last dash, when the text reads so.

    A service number before the dash always does (``95588-1234``); a landline or mobile only
    when the whole, dash group included, is not a number itself (``010-6552-1234`` is one).
    """
    match = _DASH_TAIL.match(text)
    if match is None:
        return None
    head, extension = match.groups()
    head_phone = _parse(head, area_code)
    if head_phone is None:
        return None
    if head_phone.kind != "service" and _parse(text, area_code) is not None:
        return None
    return head_phone, extension


def normalise(raw: str, area_code: str = "010", field: str = "phone") -> Phone:
    """Parse a number typed by a person; raise ValidationError naming ``field`` if it is not one."""
    text, extension = split_extension(raw)
    if not text and extension is None:
        raise ValidationError.single(field, N_("Enter a phone number."))
    phone: Phone | None = None
    if extension is None:
        split = _with_dash_extension(text, area_code)
        if split is not None:
            phone, extension = split
    if phone is None:
        phone = _parse(text, area_code)
    if phone is None:
        raise ValidationError.single(
            field, N_("“{value}” is not a phone number."), value=(raw or "").strip()
        )
    if extension:
        return Phone(phone.key, f"{phone.display} ext. {extension}", phone.kind, extension)
    return phone


def try_normalise(raw: str, area_code: str = "010") -> Phone | None:
    """Like :func:`normalise`, but return ``None`` for text that is not a number."""
    try:
        return normalise(raw, area_code)
    except ValidationError:
        return None
