"""Make the bundled sample inbox: the R8 templates filled in as the sections might return them.

Run from the repository root:  .venv/bin/python samples/make_samples.py
It rewrites samples/inbox/ (committed, so `reform-xlsx merge samples/inbox --year R8` works
on a fresh clone). What is inside, and what merge should make of it, is in samples/README.md.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from reform_xlsx.xlsx.libreoffice import OfficeError, convert

YEAR = 2026
INBOX = Path(__file__).parent / "inbox"

# What each section typed into 取組実績 (by item); the 課題・今後の方針 follows from the grade.
RESULTS = {
    "1-1-1": "コンビニ交付の利用案内を窓口とホームページで強化した。電子申請は子育て関係など12手続を追加した。",
    "1-1-2": "公印を押印する文書の範囲を整理し、押印省略が可能な文書の一覧（案）を作成した。",
    "1-1-3": "市税のスマートフォン決済に新たに2事業者を追加した。証明書交付手数料のキャッシュレス決済を本庁窓口で開始した。",
    "1-1-4": "一般業務委託のうち測量・設計以外の業務委託について、電子入札の試行を3件実施した。",
    "1-1-5": "窓口での申請補助に加え、企業・団体への出張申請受付を15回実施した。",
    "1-1-6": "給与支払報告書の電子提出について、事業所あてに案内文を送付し説明会を開催した。",
    "1-2-1": "RPA 対象業務を3業務追加した。生成AIの試行利用ガイドラインを定めた。",
    "1-2-2": "全職員を対象に情報セキュリティ研修（eラーニング）を実施し、受講率は98％。",
    "1-3-1": "テレワーク試行の結果を取りまとめ、本運用に向けた規程案を作成した。",
    "1-3-2": "本庁舎2階の倉庫の文書を整理し、打合せスペースを確保した。",
    "1-3-3": "事務改善提案を募集し、18件の提案のうち5件を採用した。",
    "2-1-1": "統計データの庁内共有の仕組みを検討し、EBPM 研修を1回実施した。",
    "2-1-2": "行政評価シートの様式を見直し、評価項目を簡素化した。",
    "2-1-3": "中期財政計画を更新し、実質公債費比率の見通しを試算した。",
    "2-2-1": "広報にほんまつの広告枠を完売した。未利用地2件を売却した。",
    "2-2-2": "返礼品を新たに24品目追加し、ポータルサイトを1つ増やした。",
    "2-2-3": "スマートフォン決済の周知チラシを納税通知書に同封した。",
    "2-2-4": "預貯金に加え、動産の差押えを2件実施した。",
    "2-2-5": "使用料・手数料の算定方法を整理し、見直し対象の候補を抽出した。",
    "2-2-6": "決算状況を庁内掲示板で周知し、予算編成説明会で経常経費の圧縮を要請した。",
    "2-2-7": "定員管理計画に基づき採用計画を策定した。会計年度任用職員の配置を事務量に応じて見直した。",
    "2-2-8": "超過勤務の多い所属にヒアリングを実施し、業務の平準化を指導した。",
    "2-2-9": "公共施設等総合管理計画の改定に着手し、施設カルテを更新した。",
    "2-2-10": "公用車の集中管理を継続した。街路灯47基をLED化した。両面・集約印刷を徹底した。",
    "2-3-1": "旧公民館分館の民間貸付について、サウンディング調査を実施した。",
    "2-3-2": "新規採用職員を対象に物産・観光PR研修を実施した。",
    "2-3-3": "職層研修のほか、市独自の法制執務研修を2回実施した。",
    "3-1-1": "行政組織見直し検討委員会を3回開催し、課の統合案を検討した。",
    "3-2-1": "除雪・公園・河川ボランティア団体に資材を提供し、活動を支援した。",
    "3-2-2": "郵便局・バス会社・タクシー会社の協力による道路パトロールを継続し、通報は41件。",
    "3-2-3": "地域づくり支援補助金を21団体に交付した。",
    "3-2-4": "NPO法人設立支援補助金を1団体に交付した。",
    "3-2-5": "指定管理者の更新に合わせ、モニタリング評価を実施した。",
    "3-2-6": "岳温泉郵便局での証明書交付を継続した。他の郵便局への拡大を検討した。",
    "3-3-1": "ふくしま圏連携中核都市圏の連携事業（移住定住PR等）に参加した。",
    "3-3-2": "こおりやま広域連携中核都市圏の連携事業（広域観光等）に参加した。",
}
GRADES = ["A 計画どおり", "B 概ね計画どおり", "A", "計画どおり", "Ｂ", "C 遅れ"]
NEXT = {"A": "引き続き計画どおり進める。", "B": "遅れている部分の工程を見直し、次年度に取り戻す。",
        "C": "体制と工程を見直し、関係課と協議して対応する。"}
EFFECT = {"2-2-1": "1,250,000", "2-2-10": 3480000, "1-1-4": "30万円", "2-2-4": None}

# KPI actuals as typed (normalised by merge: %, 全角, 億・万, 単位付き). K11, K12, K13 and K10
# are the worked examples of docs/report.md.
KPI_VALUES = {
    "K01": ("26%", "コンビニ交付件数 ÷ 証明書交付件数（住民票・印鑑登録証明書）"),
    "K02": ("５３％", "キャッシュレス納付件数 ÷ 全納付件数"),
    "K03": (0.12, "本庁窓口の手数料収納のうちキャッシュレスの割合"),
    "K04": (0.82, "マイナンバーカード交付枚数 ÷ 住民基本台帳人口（3月末）"),
    "K05": ("66%", "eLTAX 提出件数 ÷ 給与支払報告書提出件数"),
    "K06": ("31%", "eLTAX 申告件数 ÷ 償却資産申告件数"),
    "K07": ("25%", "電子申告の特別徴収義務者数 ÷ 全特別徴収義務者数"),
    "K08": ("5%", "電子申告件数 ÷ 申告件数"),
    "K09": ("2施設", "市民プール・総合体育館"),
    "K10": ("1億8千万円", "ふるさと納税受入額（個人・企業版の合計）"),
    "K11": ("70人", "人事給与システムの年間超過勤務時間から集計"),
    "K12": ("6,100,000", "PPC用紙の購入枚数（A4換算）"),
    "K13": (350, "LED化済みの街路灯の累計（令和8年度末）"),
}


DEADLINE = "2027-05-28"
# Who answered (the 回答者欄); 生活環境課 left it blank (a warning, V019).
RESPONDENTS = {
    "DX推進課": ("佐藤 一郎", "2101"), "市民課": ("鈴木 花子", "1301"), "人事行政課": ("高橋 健", "1402"),
    "税務課": ("田中 美咲", "1501"), "財政課": ("伊藤 誠", "1601"), "秘書政策課": ("渡辺 直子", "1101"),
    "観光課": ("山本 大輔", "2401"), "特命担当": ("中村 恵", "1105"), "土木課": ("小林 学", "2601"),
    "都市計画課": ("加藤 由美", "2701"),
}
# When each section saved its file (the workbook's own time, which merge trusts): 土木課 after the
# deadline (期限後); 税務課 first on 5/21 (sent back), corrected on 5/26.
SAVED = {"DX推進課": "2027-05-18T10:12:00Z", "市民課": "2027-05-20T16:40:00Z", "人事行政課": "2027-05-24T09:05:00Z",
         "財政課": "2027-05-27T13:30:00Z", "秘書政策課": "2027-05-19T11:00:00Z", "生活環境課": "2027-05-25T15:20:00Z",
         "観光課": "2027-05-21T08:45:00Z", "特命担当": "2027-05-28T17:10:00Z", "土木課": "2027-06-01T10:00:00Z",
         "都市計画課": "2027-05-27T14:00:00Z"}
TAX_FIRST, TAX_CORRECTED = "2027-05-21T10:00:00Z", "2027-05-26T15:30:00Z"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def set_saved(path: Path, when: str) -> None:
    """Set the workbook's own last-saved time (docProps/core.xml), as Excel would have at that save."""
    with zipfile.ZipFile(path) as zin:
        parts = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(lambda m: m.group(1) + when.encode() + m.group(2), data)
            zout.writestr(info, data)


def answers_for(plan, section: str, grade_offset: int) -> dict:
    items = {}
    for n, item in enumerate(plan.items_for(section)):
        grade = GRADES[(n + grade_offset) % len(GRADES)]
        code = grade.strip()[0].translate(str.maketrans("ＡＢＣ", "ABC"))
        code = {"計": "A"}.get(code, code)
        row = {"進捗状況": grade, "取組実績": RESULTS[item.id], "課題・今後の方針": NEXT[code]}
        if item.id in EFFECT and section in ("財政課", "秘書政策課", "税務課"):
            row["財政効果額（円）"] = EFFECT[item.id]
        items[item.id] = row
    kpis = {k.id: {"実績値": KPI_VALUES[k.id][0], "算出根拠・備考": KPI_VALUES[k.id][1]}
            for k in plan.kpis_for(section)}
    if section in RESPONDENTS:
        person, extension = RESPONDENTS[section]
        items[layout.RESPONDENT_ID] = {"担当者": person, "内線": extension}
    out = {layout.SHEET_ITEMS: items}
    if kpis:
        out[layout.SHEET_KPI] = kpis
    return out


def main() -> int:
    plan, _ = load_plan()
    if INBOX.exists():
        shutil.rmtree(INBOX)
    INBOX.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        templates = {p.stem.rsplit("_", 1)[1]: p for p in write_templates(plan, YEAR, tmp, deadline=DEADLINE)}
        for n, section in enumerate(plan.sections):
            answers = answers_for(plan, section, n)
            if section == "税務課":
                # First return: a grade that is not on the scale and a KPI still being counted.
                bad = answers_for(plan, section, n)
                bad[layout.SHEET_ITEMS]["2-2-3"]["進捗状況"] = "計画通り？"
                bad[layout.SHEET_KPI]["K05"]["実績値"] = "集計中"
                set_saved(fill_template(templates[section], bad, INBOX / "税務課_取組状況.xlsx"), TAX_FIRST)
                corrected = fill_template(templates[section], answers, INBOX / "再提出" / "税務課_取組状況_修正版.xlsx")
                set_saved(corrected, TAX_CORRECTED)  # the corrected file is saved later
            elif section == "都市計画課":
                answers[layout.SHEET_ITEMS]["3-2-1"]["進捗状況"] = None  # forgot the grade
                set_saved(fill_template(templates[section], answers, INBOX / "都市計画課.xlsx"), SAVED[section])
            elif section == "市民課":
                filled = fill_template(templates[section], answers, Path(tmp) / "市民課_openpyxl.xlsx")
                try:  # saved by LibreOffice, as some sections do
                    saved = convert(filled, "xlsx:Calc MS Excel 2007 XML", Path(tmp) / "lo")
                    shutil.copy(saved, INBOX / "市民課（LibreOffice保存）.xlsx")
                except OfficeError as exc:
                    print(f"LibreOffice なし: 市民課は openpyxl のまま ({exc})", file=sys.stderr)
                    shutil.copy(filled, INBOX / "市民課（LibreOffice保存）.xlsx")
                set_saved(INBOX / "市民課（LibreOffice保存）.xlsx", SAVED[section])
            else:
                set_saved(fill_template(templates[section], answers, INBOX / outputs.template(plan.words, YEAR, section)),
                          SAVED[section])
        # Sent twice: an identical copy in another folder.
        (INBOX / "再提出").mkdir(exist_ok=True)
        shutil.copy(INBOX / outputs.template(plan.words, YEAR, "観光課"), INBOX / "再提出" / "観光課（再送）.xlsx")
    # Noise that lands in a shared folder.
    (INBOX / ("~$" + outputs.template(plan.words, YEAR, "財政課"))).write_bytes(b"\x00" * 165)
    (INBOX / "提出一覧メモ.csv").write_text("課名,提出日\n財政課,5/8\n", encoding="utf-8")
    with zipfile.ZipFile(INBOX / "添付ファイル.zip", "w") as z:
        z.writestr("readme.txt", "zip のまま届いたファイル")
    for path in sorted(INBOX.rglob("*")):
        print(path.relative_to(INBOX))
    return 0


if __name__ == "__main__":
    sys.exit(main())
