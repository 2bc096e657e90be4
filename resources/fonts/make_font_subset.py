"""Regenerate resources/fonts/NotoSansSC-Subset.ttf from the OFL Noto Sans CJK SC font.

    apt-get install -y fonts-noto-cjk
    .venv/bin/python resources/fonts/make_font_subset.py [SOURCE.ttc]

The subset covers ASCII, Latin-1 (+ Latin Extended-A), general punctuation,
common symbols, CJK symbols and punctuation, full-width forms, the whole GB 2312
repertoire (6,763 hanzi plus its symbols, kana, Greek and Cyrillic), a list of
characters common in firm and personal names that GB 2312 lacks, and every
character of the clause database sources and the policy originals.

Each glyph keeps exactly one code point: the Kangxi radicals and CJK radicals
supplement (U+2E80-U+2FDF) and the compatibility ideographs (U+F900-U+FAFF)
share glyphs with the unified ideographs, and Qt's PDF writer would otherwise
write e.g. 门 自 目 into the PDF's ToUnicode map as the radicals ⻔ ⾃ ⽬, so text
copied or extracted from the PDF would be wrong.

The CFF outlines are converted to TrueType (quadratic) outlines so that Qt embeds
the font as a proper TrueType subset in PDFs; the ballot boxes ☐ ☑ ☒, which Noto
Sans CJK lacks, are drawn here so checklists render with the bundled font alone.
The family is renamed "Noto Sans SC Subset" (no Reserved Font Name is involved:
the upstream licence reserves only "Source").
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE = "Noto Sans CJK SC"
OUT = HERE / "NotoSansSC-Subset.ttf"
FAMILY = "Noto Sans SC Subset"
PS_NAME = "NotoSansSCSubset-Regular"

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 supplement, Latin Extended-A
    (0x02C6, 0x02DD),  # spacing modifiers (ˇ ˉ ˊ ˋ ˙)
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20BF),  # currency symbols
    (0x2100, 0x215F),  # letterlike symbols, number forms (℃ № ™ Ⅰ)
    (0x2160, 0x218F),  # Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ × ≠)
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (□ ■ ○ ●)
    (0x2600, 0x26FF),  # miscellaneous symbols, where present
    (0x2700, 0x27BF),  # dingbats (✓ ✔), where present
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana (GB 2312 has them)
    (0x3100, 0x312F),  # bopomofo
    (0x3200, 0x32FF),  # enclosed CJK (㈠ ㈱)
    (0xFE30, 0xFE4F),  # CJK compatibility forms (vertical punctuation)
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]
EXCLUDED = [(0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]

# Common in firm and personal names, outside GB 2312.
NAME_CHARS = (
    "晟玥珺喆堃燊犇昇赟彧鋆琇旻瑄璟珩祎翀粲曌淏烜锃锴頔甯昶炘焜熠琨琦瑀瑷璇璐"
    "璠瑢瑭琬琰珏珅珞珣琍琤瑆瑗瑸璞璘钜钧钺铄铖铠锟镕镛隽雯霈霖靓颀颉飏骁鹍"
    "鑫淼焱垚森晶品磊犇骉鱻羴猋芃芊芮苒茜荟莘萁萱蓁蔚蕙蕾薇薏藜垲埕埔堉塬墉"
    "嫣婧婕婷媛嫒嫚姝娅娉妍妤妘姮娴婉嬿孖孜宸宬宥宓岑岚峣崧嵘嵩帅弢彤彬徕恺"
    "恒悦惟慧懋戬斐旸昀昊昕昝晗晔晖晞暄暐曦朗朔杉杰枫栎栩桦梓棠楷榕樾橦檀歆"
    "毓沅沣泓泽洺浛浩涵淇渊湉溥滢潇澜瀚灏炅炜烨焕煊煦熙燚爰犀玟玮珈珑琪琳琼"
    "瑜瑞瑾璋璨瓒皓睿瞿砚祺禅禧穹竑笙筠箐篪缇缙翊翎翔翱聿胤舜芷茗荃莉莹菁"
    "萌蓓蔻蘅虔衍裕褚觐讴诩谌谞贇赫跃轩辰逸遥邃郗钊钰铭锋锦镇闫阗陟隆雍韬"
    "颢飒馥骅骞骥鹏鹤麒黛鼐龑龚"
)

BOXES = {0x2610: "ballot_box", 0x2611: "ballot_box_check", 0x2612: "ballot_box_x"}


def wanted_codepoints() -> set[int]:
    cps: set[int] = set()
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    for hi_byte in range(0xA1, 0xF8):
        for lo_byte in range(0xA1, 0xFF):
            try:
                ch = bytes([hi_byte, lo_byte]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            cps.add(ord(ch))
    cps.update(ord(c) for c in NAME_CHARS)
    for pattern in ("clause_db/sources/*.yaml", "clause_db/originals/*.txt",
                    "resources/templates/*.html", "desktop_app/export/*.py"):
        for path in ROOT.glob(pattern):
            cps.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x20)
    for lo, hi in EXCLUDED:
        cps.difference_update(range(lo, hi + 1))
    cps.update(range(0x20, 0x7F))
    return cps


def load_face(source: str) -> TTFont:
    if source.lower().endswith((".ttc", ".otc")):
        for font in TTCollection(source).fonts:
            if font["name"].getDebugName(1) == FACE:
                return font
        raise SystemExit(f"{FACE} not found in {source}")
    return TTFont(source)


def cff_to_truetype(font: TTFont) -> None:
    """Replace CFF outlines with quadratic TrueType glyf outlines (in place)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours",
                 "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def _rect(pen: TTGlyphPen, x0: int, y0: int, x1: int, y1: int, clockwise: bool) -> None:
    pts = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
    if not clockwise:
        pts.reverse()
    pen.moveTo(pts[0])
    for p in pts[1:]:
        pen.lineTo(p)
    pen.closePath()


def _poly(pen: TTGlyphPen, pts: list[tuple[int, int]]) -> None:
    pen.moveTo(pts[0])
    for p in pts[1:]:
        pen.lineTo(p)
    pen.closePath()


def add_ballot_boxes(font: TTFont) -> None:
    """Draw ☐ ☑ ☒ (full-width, like □) and map them."""
    upm = font["head"].unitsPerEm  # 1000
    x0, y0, x1, y1, w = 110, -50, 890, 730, 60  # the box, stroke width
    order = font.getGlyphOrder()
    glyf, hmtx = font["glyf"], font["hmtx"]
    for name in BOXES.values():
        pen = TTGlyphPen(None)
        _rect(pen, x0, y0, x1, y1, clockwise=True)
        _rect(pen, x0 + w, y0 + w, x1 - w, y1 - w, clockwise=False)
        if name == "ballot_box_check":
            _poly(pen, [(250, 360), (300, 410), (450, 260), (760, 610), (810, 560), (450, 160)])
        elif name == "ballot_box_x":
            _poly(pen, [(250, 170), (200, 220), (450, 340), (200, 460), (250, 510), (500, 390),
                        (750, 510), (800, 460), (550, 340), (800, 220), (750, 170), (500, 290)])
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf.glyphs[name] = glyph
        order.append(name)
        hmtx.metrics[name] = (upm, glyph.xMin)
        if "vmtx" in font:
            font["vmtx"].metrics[name] = (upm, 880 - glyph.yMax)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp, name in BOXES.items():
                table.cmap[cp] = name
    font["maxp"].numGlyphs = len(order)


def rename(font: TTFont) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=rec.nameID)
    for nid, value in {1: FAMILY, 2: "Regular", 3: f"{PS_NAME};subset of NotoSansCJKsc 2.004",
                       4: FAMILY, 6: PS_NAME}.items():
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)
    name.setName(version + "; subset for Policy Self-Check", 5, 3, 1, 0x409)


def _shared_glyphs(font: TTFont) -> dict[str, list[int]]:
    by_glyph: dict[str, list[int]] = {}
    for cp, glyph in font.getBestCmap().items():
        by_glyph.setdefault(glyph, []).append(cp)
    return {g: cps for g, cps in by_glyph.items() if len(cps) > 1}


def split_shared_glyphs(font: TTFont) -> None:
    """Give every code point its own glyph (· • ・, ～ 〜, spaces ... share one upstream)."""
    order = font.getGlyphOrder()
    glyf, hmtx = font["glyf"], font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    remap: dict[int, str] = {}
    for glyph, cps in _shared_glyphs(font).items():
        for cp in sorted(cps)[1:]:
            new = f"{glyph}.u{cp:04X}"
            glyf.glyphs[new] = copy.deepcopy(glyf[glyph])
            hmtx.metrics[new] = hmtx.metrics[glyph]
            if vmtx is not None:
                vmtx.metrics[new] = vmtx.metrics[glyph]
            order.append(new)
            remap[cp] = new
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp, new in remap.items():
                if cp in table.cmap:
                    table.cmap[cp] = new
    font["maxp"].numGlyphs = len(order)


def add_tab_glyph(font: TTFont) -> None:
    """Map U+0009 to its own blank glyph.

    Qt draws a tab with the space glyph when the font has none for U+0009, and its PDF
    writer then names the lowest code point of that glyph, U+0009, in the ToUnicode map,
    so every space in an exported PDF would be extracted as a tab.
    """
    space = font.getBestCmap()[0x20]
    order = font.getGlyphOrder()
    name = "tab"
    font["glyf"].glyphs[name] = copy.deepcopy(font["glyf"][space])
    font["hmtx"].metrics[name] = font["hmtx"].metrics[space]
    if "vmtx" in font:
        font["vmtx"].metrics[name] = font["vmtx"].metrics[space]
    order.append(name)
    font.setGlyphOrder(order)
    font["glyf"].glyphOrder = order
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x09] = name
    font["maxp"].numGlyphs = len(order)


def check_one_codepoint_per_glyph(font: TTFont) -> None:
    shared = _shared_glyphs(font)
    if shared:
        sample = list(shared.items())[:10]
        raise SystemExit(f"glyphs with several code points: {sample}")


def main(source: str = SOURCE) -> None:
    font = load_face(source)
    cps = wanted_codepoints()
    options = subset.Options()
    # The default features (kerning, vertical forms, ...) but not `locl`, which would pull
    # in the Japanese, Korean and traditional glyph variants of every hanzi, nor the Latin
    # ligatures: a ligature glyph has no code point, so Qt's PDF text lost "fi", "ff"
    # ("Unied", "diFer").
    dropped = {"locl", "liga", "clig", "dlig"}
    options.layout_features = [f for f in options.layout_features if f not in dropped] + [
        "vert", "vrt2", "halt", "vhal", "palt", "vpal", "fwid", "hwid", "pwid"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["VORG", "BASE", "DSIG"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(cps))
    sub.subset(font)
    cff_to_truetype(font)
    add_ballot_boxes(font)
    split_shared_glyphs(font)
    add_tab_glyph(font)
    rename(font)
    check_one_codepoint_per_glyph(font)
    font.save(OUT)
    n_hanzi = sum(0x4E00 <= cp <= 0x9FFF for cp in TTFont(OUT).getBestCmap())
    print(f"{OUT}: {OUT.stat().st_size:,} bytes, {len(font.getGlyphOrder())} glyphs, "
          f"{n_hanzi} hanzi")


if __name__ == "__main__":
    main(*sys.argv[1:2])
