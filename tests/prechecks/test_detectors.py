"""The personal-data detectors: ID numbers, mobile numbers, bank cards, home addresses."""

import datetime

import pytest

from editorial.prechecks import detectors
from editorial.prechecks.choices import FindingKind, Severity
from editorial.prechecks.scan import scan_rich_text, scan_text
from editorial.prechecks.text import html_to_text

from .helpers import ID_WEIGHTS, english, with_id_check, with_luhn, without_luhn, wrong_id_check

VALID_ID = with_id_check("11010519491231002")  # the standard's own example: …002X
BANK_CARD = with_luhn("621700123456789012")  # 19 digits
CARD_16 = with_luhn("622202020000123")


def kinds(text):
    return [
        (finding.kind, text[finding.start : finding.end])
        for finding in scan_text(text, matcher=None)
    ]


def test_the_weights_of_the_test_helper_are_those_of_the_standard():
    assert ID_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert VALID_ID == "11010519491231002X"


# --- ID numbers ------------------------------------------------------------------------------


def test_an_id_number_with_a_valid_check_character_is_blocking_personal_data():
    text = f"申请人王某，身份证号{VALID_ID}，现住本区。"
    findings = scan_text(text, matcher=None)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.kind == FindingKind.ID_NUMBER
    assert finding.severity == Severity.BLOCKING
    assert text[finding.start : finding.end] == VALID_ID
    assert finding.field == "text"
    assert VALID_ID in finding.excerpt
    # The message names the number only masked.
    assert "1101**********002X" in english(finding.message)
    assert VALID_ID not in english(finding.message)


def test_a_lower_case_x_and_full_width_digits_are_the_same_number():
    lower = VALID_ID.lower()
    assert kinds(f"身份证{lower}。") == [(FindingKind.ID_NUMBER, lower)]
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in VALID_ID)
    assert kinds(f"身份证{full_width}。") == [(FindingKind.ID_NUMBER, full_width)]


@pytest.mark.parametrize(
    "number",
    [
        pytest.param(wrong_id_check("11010519491231002"), id="wrong check character"),
        pytest.param(wrong_id_check("44052418800101001"), id="wrong check character 2"),
        pytest.param(with_id_check("11010519490231002"), id="31 February... 0231"),
        pytest.param(with_id_check("11010519491331002"), id="month 13"),
        pytest.param(with_id_check("99010519491231002"), id="no such province"),
        pytest.param(with_id_check("11010521991231002"), id="born in the future"),
    ],
)
def test_eighteen_characters_that_are_no_valid_id_number_are_not_flagged(number):
    assert not detectors.is_valid_id_number(number)
    # (Eighteen digits may still pass the Luhn check of a bank card: one in ten does.)
    assert FindingKind.ID_NUMBER not in [kind for kind, _ in kinds(f"编号{number}。")]


def test_an_id_number_inside_a_longer_run_of_digits_is_not_flagged():
    assert kinds(f"流水号9{VALID_ID[:-1]}0。") == []
    assert list(detectors.find_id_numbers(f"1{VALID_ID}")) == []


def test_the_birth_date_is_checked_against_today():
    number = with_id_check("11010520300101001")
    assert detectors.is_valid_id_number(number, today=datetime.date(2031, 1, 1))
    assert not detectors.is_valid_id_number(number, today=datetime.date(2029, 12, 31))


# --- Mobile numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["13800138000", "199 1234 5678", "150-1234-5678", "+8613912345678", "+86 139 1234 5678"],
)
def test_a_mobile_number_is_flagged_as_written(written):
    text = f"联系人：李女士，手机{written}，工作日接听。"
    findings = scan_text(text, matcher=None)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [
        (FindingKind.MOBILE_NUMBER, written)
    ]
    assert findings[0].severity == Severity.BLOCKING


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("订单号213800138000。", id="12 digits"),
        pytest.param("编号13800138000123。", id="longer run after"),
        pytest.param("文号202413800138000号。", id="inside a document number"),
        pytest.param("电话12800138000。", id="12x is no mobile prefix"),
        pytest.param("共1380013800人。", id="10 digits"),
        pytest.param("热线12345，服务电话029-12345678。", id="hotline and landline"),
    ],
)
def test_what_is_no_mobile_number_is_not_flagged(text):
    assert [f for f in scan_text(text, matcher=None) if f.kind == FindingKind.MOBILE_NUMBER] == []


def test_an_id_number_is_not_also_reported_as_mobile_number_or_bank_card():
    number = with_id_check("13800119900101123")  # starts like a mobile number
    assert kinds(f"证件号码{number}。") == [(FindingKind.ID_NUMBER, number)]


# --- Bank cards ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "4111111111111111",
        BANK_CARD,
        " ".join(
            [BANK_CARD[0:4], BANK_CARD[4:8], BANK_CARD[8:12], BANK_CARD[12:16], BANK_CARD[16:]]
        ),
        "-".join([CARD_16[0:4], CARD_16[4:8], CARD_16[8:12], CARD_16[12:]]),
    ],
)
def test_a_card_number_passing_luhn_is_flagged(written):
    text = f"补贴发放至账户{written}，请查收。"
    assert kinds(text) == [(FindingKind.BANK_CARD, written)]


def test_a_card_number_failing_luhn_is_not_flagged():
    for body in ("411111111111111", "62170012345678901", "621700123456789012"):
        number = without_luhn(body)
        assert not detectors.luhn_ok(number)
        assert kinds(f"账号{number}。") == []


def test_luhn_check():
    assert detectors.luhn_ok("4111111111111111")
    assert detectors.luhn_ok("79927398713")
    assert not detectors.luhn_ok("4111111111111112")


def test_a_card_number_inside_a_longer_run_of_digits_is_not_flagged():
    assert kinds(f"序列号{BANK_CARD}12345678。") == []
    assert kinds(f"序列号{'4111111111111111'}00000。") == []


def test_an_eighteen_digit_number_that_is_a_valid_id_is_an_id_not_a_card():
    # Find a valid ID number that passes Luhn as well: it must be reported once, as an ID.
    for serial in range(1000):
        number = with_id_check(f"11010519800101{serial:03d}")
        if number[-1] != "X" and detectors.luhn_ok(number):
            break
    assert kinds(f"号码{number}。") == [(FindingKind.ID_NUMBER, number)]


# --- Home addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "当事人住西安市雁塔区科技路10号3栋2单元501室，已依法处理。",
            "西安市雁塔区科技路10号3栋2单元501室",
        ),
        ("家住渭滨区阳光小区5号楼1单元302，联系未果。", "渭滨区阳光小区5号楼1单元302"),
        ("住址：宝鸡市金台区东风路12号院3号楼201室。", "宝鸡市金台区东风路12号院3号楼201室"),
        ("现居锦绣花园二期A座1203室。", "锦绣花园二期A座1203室"),
        ("位于长安街道建设巷8号2幢3单元。", "长安街道建设巷8号2幢3单元"),
    ],
)
def test_a_home_address_down_to_the_flat_is_flagged(text, address):
    findings = scan_text(text, matcher=None)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [
        (FindingKind.HOME_ADDRESS, address)
    ]
    assert findings[0].severity == Severity.BLOCKING


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("办理地点：人民路1号政务服务大厅3楼301室。", id="office floor and room"),
        pytest.param("项目位于渭滨区经二路。", id="a district and a road"),
        pytest.param("本次共检查小区住宅楼32栋。", id="a count of buildings"),
        pytest.param("建成一座1200米长的大桥。", id="座 as a measure word"),
        pytest.param("3栋2单元501室门前有积水。", id="no road nor estate before it"),
        pytest.param("会议在市政府5号楼召开。", id="a building alone"),
    ],
)
def test_what_is_no_home_address_is_not_flagged(text):
    assert kinds(text) == []


# --- Offsets in rich text --------------------------------------------------------------------


def test_offsets_in_rich_text_index_its_plain_text():
    html = (
        "<h2>关于&amp;补贴发放的公示</h2>"
        f"<p>申请人<b>张某</b>（身份证号{VALID_ID}）</p>"
        '<p>联系<a href="https://www.gov.cn/">政府网</a>手机13800138000。</p>'
    )
    text = html_to_text(html).text
    assert text.startswith("关于&补贴发放的公示\n申请人张某（")
    findings = scan_rich_text(html, matcher=None)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [
        (FindingKind.ID_NUMBER, VALID_ID),
        (FindingKind.MOBILE_NUMBER, "13800138000"),
    ]
    assert all(f.field == "body" for f in findings)


def test_paragraphs_do_not_run_together_into_one_number():
    html = "<p>编号1380013</p><p>8000</p>"
    assert scan_rich_text(html, matcher=None) == []
