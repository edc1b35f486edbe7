"""Phone numbers as people type them, turned into one comparable key and a readable form.

Mainland China by default: landlines with area codes, bare local numbers completed with the
company's area code, mobiles, ``+86`` and ``0086`` prefixes, full-width digits, extensions written
as 转/ext/x. Bank service numbers (95xxx, 96xxx) and 400/800 hotlines are not E.164 subscriber
numbers; they get a key of their own (``svc:95588``) so that they still match exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_

SERVICE_PREFIX = "svc:"
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_SERVICE = re.compile(r"^(?:9[56]\d{3,6}|[48]00\d{7}|1[0-2]\d{3})$")
_LOCAL = re.compile(r"^[2-9]\d{6,7}$")


@dataclass(frozen=True)
class Phone:
    """A normalised phone number: ``key`` compares, ``display`` is shown, ``kind`` classifies."""

    key: str
    display: str
    kind: str  # "landline", "mobile", "service", "foreign", "other"
    extension: str | None = None


def clean_digits(raw: str) -> str:
    """Fold full-width characters and drop spacing, dashes, dots and brackets."""
    text = unicodedata.normalize("NFKC", raw).strip()
    return re.sub(r"[\s\-.()（）/]", "", text)


def normalise(raw: str, area_code: str = "010", field: str = "phone") -> Phone:
    """Parse a number typed by a person; raise ValidationError naming ``field`` if it is not one."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        raise ValidationError.single(field, N_("Enter a phone number."))
    extension = None
    match = _EXTENSION.search(text)
    if match:
        extension = match.group(1)
        text = text[: match.start()]
    compact = clean_digits(text)
    if compact.startswith("0086"):
        compact = "+86" + compact[4:]
    national = compact[3:] if compact.startswith("+86") else compact
    if _SERVICE.match(national):
        return Phone(SERVICE_PREFIX + national, national, "service", extension)
    if _LOCAL.match(compact):
        compact = "0" + area_code.lstrip("0") + compact
    if not re.fullmatch(r"\+?\d{5,20}", compact):
        raise ValidationError.single(
            field, N_("“{value}” is not a phone number."), value=raw.strip()
        )
    import phonenumbers  # here, not at the top: start-up does not need its 60 modules

    try:
        parsed = phonenumbers.parse(compact, "CN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError.single(
            field, N_("“{value}” is not a phone number."), value=raw.strip()
        )
    key = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    number_type = phonenumbers.number_type(parsed)
    if parsed.country_code != 86:
        kind = "foreign"
        display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    else:
        display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        if number_type == phonenumbers.PhoneNumberType.MOBILE:
            kind = "mobile"
        elif number_type == phonenumbers.PhoneNumberType.FIXED_LINE:
            kind = "landline"
        else:
            kind = "other"
    if extension:
        display = f"{display} ext. {extension}"
    return Phone(key, display, kind, extension)


def try_normalise(raw: str, area_code: str = "010") -> Phone | None:
    """Like :func:`normalise`, but return ``None`` for text that is not a number."""
    try:
        return normalise(raw, area_code)
    except ValidationError:
        return None
