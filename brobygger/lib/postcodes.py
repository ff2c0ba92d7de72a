"""Danish postal districts: the town a postcode names in an address ("8000 Aarhus C").

The names are the postal districts' own (PostNord's), for the postcodes of Aarhus Kommune (as
``settings.AARHUS_POSTCODES`` lists them) and of its neighbours and Denmark's larger towns; a
postcode not listed has no known town here (``postal_district`` gives "").
"""

from __future__ import annotations

DISTRICTS: dict[str, str] = {
    # Aarhus Kommune
    "8000": "Aarhus C",
    "8200": "Aarhus N",
    "8210": "Aarhus V",
    "8220": "Brabrand",
    "8230": "Åbyhøj",
    "8240": "Risskov",
    "8245": "Risskov Ø",
    "8250": "Egå",
    "8260": "Viby J",
    "8270": "Højbjerg",
    "8310": "Tranbjerg J",
    "8320": "Mårslet",
    "8330": "Beder",
    "8340": "Malling",
    "8355": "Solbjerg",
    "8361": "Hasselager",
    "8380": "Trige",
    "8381": "Tilst",
    "8462": "Harlev J",
    "8471": "Sabro",
    "8520": "Lystrup",
    "8530": "Hjortshøj",
    "8541": "Skødstrup",
    # Neighbours
    "8300": "Odder",
    "8382": "Hinnerup",
    "8450": "Hammel",
    "8464": "Galten",
    "8543": "Hornslet",
    "8600": "Silkeborg",
    "8660": "Skanderborg",
    "8900": "Randers C",
    # Larger towns elsewhere
    "2100": "København Ø",
    "2200": "København N",
    "2300": "København S",
    "2400": "København NV",
    "2450": "København SV",
    "2500": "Valby",
    "5000": "Odense C",
    "6000": "Kolding",
    "7100": "Vejle",
    "8700": "Horsens",
    "9000": "Aalborg",
}


def postal_district(postcode: str | None) -> str:
    """The postal district's name for a four-digit Danish postcode, or "" when not known."""
    code = (postcode or "").strip()
    if code in DISTRICTS:
        return DISTRICTS[code]
    if code.isdigit() and len(code) == 4:
        number = int(code)
        if 1050 <= number <= 1499:
            return "København K"
        if 1500 <= number <= 1799:
            return "København V"
        if 1800 <= number <= 2000:
            return "Frederiksberg C" if number < 2000 else "Frederiksberg"
    return ""
