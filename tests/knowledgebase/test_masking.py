"""Personal data masked out of text the public reads (R26), on texts as citizens write them."""

from editorial.prechecks.detectors import id_check_char, luhn_ok
from knowledgebase.masking import mask_personal_data

ID_NUMBER = "61030219850716002" + id_check_char("61030219850716002")
CARD = "6222021001112223331"  # 19 digits, Luhn-valid


def test_the_luhn_card_is_a_card():
    assert luhn_ok(CARD)


def test_the_examples_of_the_brief():
    assert mask_personal_data("张三", names=["张三"]) == "张*"
    assert mask_personal_data("13912345678") == "139****5678"


def test_a_realistic_message():
    text = (
        f"我叫王小明，身份证号{ID_NUMBER}，家住渭滨区经二路12号3号楼2单元501室。"
        f"社保卡绑定的银行卡{CARD}一直没有到账，请联系我：13991234567，或家里座机0917-3261234。"
    )
    masked = mask_personal_data(text)
    for secret in ("王小明", ID_NUMBER, CARD, "13991234567", "3261234", "3号楼2单元501室"):
        assert secret not in masked, secret
    assert masked.startswith(f"我叫王**，身份证号6103**********{ID_NUMBER[-4:]}，")
    assert "渭滨区经二路****" in masked
    assert "6222***********3331" in masked
    assert "139****4567" in masked and "0917-*****34" in masked


def test_the_senders_own_name_wherever_it_is():
    text = "李秀英反映：李秀英的母亲李秀英兰……"
    assert mask_personal_data(text, names=["李秀英"]) == "李**反映：李**的母亲李**兰……"


def test_names_introduced_by_the_writer():
    assert mask_personal_data("本人欧阳娜娜，现居住在城区。") == "本人欧阳**，现居住在城区。"
    assert mask_personal_data("我是刘洋，是一名教师。") == "我是刘*，是一名教师。"
    # Masked wherever it comes again.
    assert mask_personal_data("我叫赵磊。赵磊的社保卡丢了。") == "我叫赵*。赵*的社保卡丢了。"


def test_words_that_are_not_names_stay():
    for text in (
        "我是一名退休教师，本人现居住在城区。",
        "本人于2026年3月提交申请。",
        "请问办理居住证需要什么材料？",
        "人民路1号政务服务大厅3楼办理。",  # an office, not a home
        "文件编号2026001，共12页。",
    ):
        assert mask_personal_data(text) == text, text


def test_numbers_written_with_separators_and_full_width():
    assert mask_personal_data("电话：139-1234-5678") == "电话：139****5678"
    assert mask_personal_data("电话：１３９１２３４５６７８") == "电话：139****5678"
    assert mask_personal_data("") == ""
