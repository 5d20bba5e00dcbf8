"""A fourth municipality, written the way its clerk writes it: 西浜町行政経営改革実施計画 (fictional), through the
計画マスター (docs/adopting.md 1: a skeleton plan file, ``plan export``, the master filled in, ``plan import``).

Unlike the bundled plan, tests/second_plan.py, tests/prefecture_plan.py and tests/plans/minamiyama.yaml: a 町 whose
sections are 部・課・室・係 with long names (「教育委員会事務局生涯学習課文化財保護係」), a 取りまとめ課 that owns
items and KPIs, 基本目標 → 推進方策 → 実施事項 with eleven items in one 推進方策 (1-1-10, 1-1-11 after 1-1-9), a
six-year period that starts in 平成31年度 (shown 令和元年度), no committee, a 戦略会議, grades S～D with S first,
other thresholds (0.95, 0.7), an item title of 80 characters and one that starts with 「=」, KPIs per year and
cumulative, in 件・手続・%・千円・百万円・時間・件・日・人・回, two decreasing ones of which one has the target 0.

In the second year (令和2年度) the plan is revised (版 R2-01): 1-1-11 and its KPI K10 move from the 取りまとめ課 to
the 文化財保護係, K1's target goes from 3,000 to 4,000, K11 and 1-1-12 are added.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

OFFICE = "総務部総務課行政経営推進室"
FIN = "総務部財政課財政係"
RES = "住民福祉部住民課戸籍住民係"
HEALTH = "住民福祉部健康増進課"
WATER = "建設部上下水道室"
CULT = "教育委員会事務局生涯学習課文化財保護係"
ASSEMBLY = "議会事務局"
SECTIONS = (OFFICE, FIN, RES, HEALTH, WATER, CULT, ASSEMBLY)
BUNDLED_WORDS = ("二本松", "市政改革", "推進本部", "人事行政課", "重点項目", "取組区分", "改革項目", "令和8年度")

SKELETON = f"""
format: 1
plan:
  id: nishihama-keiei
  version: "R1-00"
  name: 西浜町行政経営改革実施計画
  city: 西浜町
  reform: 行政経営改革
  levels: {{area: 基本目標, category: 推進方策, item: 実施事項}}
  period: {{start: H31, end: R6}}
  baseline_year: H30
  headquarters: 西浜町行政経営戦略会議
  office: {OFFICE}
sections: [{OFFICE}]
grades:
  - {{code: A, label: 計画どおり, definition: 計画どおりに進んでいる}}
  - {{code: B, label: 遅れ, definition: 計画より遅れている, behind: true}}
judgement: {{achieved: 1.0, on_track: 1.0, mostly_on_track: 0.8}}
areas:
  - number: 1
    name: （基本目標）
    categories:
      - number: 1
        name: （推進方策）
        items:
          - {{number: 1, name: （実施事項）, content: （内容）, actions: [（取組）], sections: [{OFFICE}]}}
kpis:
  - {{id: K1, item: 1-1-1, name: （指標名）, kind: count, unit: 件, baseline: 0, target: 1, owner: {OFFICE}}}
"""

AREAS = [
    ("1", "住民本位の行政サービスの推進", "手続をオンラインで完結できるようにし、窓口で待たせない町役場にします。"),
    ("1-1", "手続のオンライン化と窓口改革", None),
    ("1-2", "公共施設と生涯学習の見直し", None),
    ("2", "持続可能な財政基盤の確立", None),
    ("2-1", "自主財源の確保", None),
    ("2-2", "歳出の抑制と町債の管理", None),
    ("3", "職員力と組織力の向上", None),
    ("3-1", "働き方改革と安全管理", None),
]
LONG_TITLE = ("住民票の写し等各種証明書のコンビニエンスストア等における自動交付サービスの導入及び"
              "マイナンバーカードの普及促進に向けた休日窓口の開設")
ITEMS = [  # ID, name, content, sections
    ("1-1-1", LONG_TITLE, "マイナンバーカードを使い、町内外のコンビニで証明書を取れるようにする。", [RES]),
    ("1-1-2", "電子申請サービスの拡充", "子育て・介護の手続から順に電子申請にする。", [OFFICE, HEALTH]),
    ("1-1-3", "窓口のワンストップ化", "転入・転出の手続を一つの窓口で終える。", [RES, HEALTH]),
    ("1-1-4", "キャッシュレス決済の導入", "窓口の手数料をキャッシュレスで払えるようにする。", [FIN, RES]),
    ("1-1-5", "ＡＩ・ＲＰＡによる定型業務の自動化", "入力作業を RPA に置き換える。", [OFFICE]),
    ("1-1-6", "会議録の音声認識による作成", "議会の会議録を音声認識で作る。", [ASSEMBLY]),
    ("1-1-7", "ペーパーレス会議の推進", "庁内会議と議会でタブレットを使う。", [OFFICE, ASSEMBLY]),
    ("1-1-8", "水道開閉栓手続の電子化", "引越しの開栓・閉栓をインターネットで受け付ける。", [WATER]),
    ("1-1-9", "健診予約のオンライン化", "特定健診・がん検診の予約をオンラインで受ける。", [HEALTH]),
    ("1-1-10", "文化財情報のデジタルアーカイブ化", "町の文化財の写真と解説を公開する。", [CULT]),
    ("1-1-11", "=出前講座の見直し（オンライン開催）", "出前講座をオンラインでも開く。", [OFFICE]),
    ("1-2-1", "公民館講座の再編", "受講者の少ない講座を統合し、新しい講座を開く。", [CULT]),
    ("1-2-2", "公共施設個別施設計画の推進", "施設ごとの計画に沿って統廃合を進める。", [OFFICE, FIN]),
    ("2-1-1", "町税等の収納率の向上", "口座振替とコンビニ納付を勧め、滞納整理を進める。", [FIN]),
    ("2-1-2", "使用料・手数料の適正化", "受益者負担の考え方で使用料を見直す。", [FIN, WATER]),
    ("2-2-1", "町債残高の縮減", "新規の町債を元金償還額の範囲に抑える。", [FIN]),
    ("2-2-2", "上下水道事業の経営健全化", "経営戦略に沿って料金と投資を見直す。", [WATER]),
    ("3-1-1", "時間外勤務の縮減", "業務の平準化とノー残業デーで時間外勤務を減らす。", [OFFICE]),
    ("3-1-2", "公務災害・公用車事故の防止", "安全運転研修とドライブレコーダーで事故をなくす。", [OFFICE]),
]
# KPI ID, item, name, short name, kind, unit, direction, cumulative, baseline, target, yearly targets, owner
KPIS = [
    ("K1", "1-1-1", "コンビニ交付による証明書の交付件数（年間）", "コンビニ交付件数", "件数", "件", None, None, 0, 3000, {}, RES),
    ("K2", "1-1-2", "電子申請で受け付けられる手続の数（累計）", "電子申請手続数", "件数", "手続", None, "○", 5, 60, {}, OFFICE),
    ("K3", "2-1-1", "町税の収納率（現年度分）", "町税収納率", "割合", "%", None, None, 0.962, 0.975,
     {"R1": 0.964, "R2": 0.966, "R3": 0.968, "R4": 0.970, "R5": 0.972, "R6": 0.975}, FIN),
    ("K4", "2-1-2", "使用料・手数料収入額", None, "件数", "千円", None, None, 48200, 52000, {}, FIN),
    ("K5", "2-2-1", "一般会計の町債残高", "町債残高", "件数", "百万円", "減少", None, 8240, 7500, {}, FIN),
    ("K6", "3-1-1", "職員一人当たりの月平均時間外勤務時間", "時間外勤務時間", "件数", "時間", None, None, 14.5, 10, {}, OFFICE),
    ("K7", "3-1-2", "公用車の事故件数", None, "件数", "件", "減少", None, 4, 0, {}, OFFICE),
    ("K8", "1-1-8", "水道開閉栓の受付から処理までの平均日数", "開閉栓処理日数", "件数", "日", None, None, 7, 3, {}, WATER),
    ("K9", "1-2-1", "公民館講座の延べ受講者数", None, "件数", "人", None, None, 3200, 3600, {}, CULT),
    ("K10", "1-1-11", "出前講座の開催回数", None, "件数", "回", None, None, 12, 24, {}, OFFICE),
]
GRADES = [("S", "完了", "計画期間の取組を終えた", 1, None), ("A", "順調", "今年度の予定どおり進んでいる", 2, None),
          ("B", "やや遅れ", "今年度の予定の一部が遅れている", 3, None),
          ("C", "遅れ", "今年度の予定の大部分が遅れている", 4, "○"), ("D", "未着手", "今年度の予定に着手していない", 5, "○")]
# What each KPI's owner reports, per year (the value read), and the 進捗率 and 判定 worked out by hand with
# docs/report.md's formulas: e = (Y − 2018) / 6; 順調 p ≥ 0.95e, 概ね順調 p ≥ 0.7e.
#   令和元年度 e = 1/6 (0.95e = 0.1583, 0.7e = 0.1167); 令和2年度 e = 1/3 (0.95e = 0.3167, 0.7e = 0.2333)
ACTUALS = {
    2019: {"K1": 600, "K2": 15, "K3": 0.963, "K4": 49000, "K5": 8150, "K6": 15.2, "K7": 0, "K8": 7, "K9": 3250,
           "K10": 14},
    2020: {"K1": 1150, "K2": 24, "K3": 0.966, "K4": 50100, "K5": 8020, "K6": 12.9, "K7": 1, "K8": 5, "K9": 3350,
           "K10": 18, "K11": 2},
}
EXPECTED = {  # KPI: (進捗率, 判定)
    2019: {"K1": (600 / 3000, "順調"), "K2": (10 / 55, "順調"), "K3": (0.001 / 0.013, "遅れ"),
           "K4": (800 / 3800, "順調"), "K5": (90 / 740, "概ね順調"), "K6": (-0.7 / 4.5, "遅れ"), "K7": (1.0, "達成"),
           "K8": (0.0, "遅れ"), "K9": (50 / 400, "概ね順調"), "K10": (2 / 12, "順調")},
    2020: {"K1": (1150 / 4000, "概ね順調"),  # the revised target
           "K2": (19 / 55, "順調"), "K3": (0.004 / 0.013, "概ね順調"), "K4": (1900 / 3800, "順調"),
           "K5": (220 / 740, "概ね順調"), "K6": (1.6 / 4.5, "順調"), "K7": (0.75, "順調"), "K8": (0.5, "順調"),
           "K9": (150 / 400, "順調"), "K10": (0.5, "順調"), "K11": (0.1, "遅れ")},
}


def _put(ws, row: int, column: int, value) -> None:
    ws.cell(row, column).value = value  # also clears: ws.cell(r, c, None) would leave the old value


def _unprotect(wb) -> None:
    for ws in wb:
        ws.protection.sheet = False  # 「シート保護の解除」, as docs/adopting.md tells the clerk


def _info(wb, values: dict) -> None:
    for row in wb["計画情報"].iter_rows(min_row=4):
        if row[0].value in values:
            row[1].value = values[row[0].value]


def _last_row(ws) -> int:
    return max(c.row for c in ws["A"] if c.value)


def fill_master(exported: Path, out: Path) -> Path:
    """The exported skeleton master, filled in as the clerk fills it (yellow cells, rows added below)."""
    wb = openpyxl.load_workbook(exported)
    _unprotect(wb)
    _info(wb, {"版": "R1-01", "略称": "行政経営改革実施計画", "公表": "平成31年3月",
               "推進本部の説明": "議長：町長、副議長：副町長・教育長", "改訂日": "2019-03-20", "適用年度": "R1",
               "改訂の理由": "計画の策定"})
    ws = wb["基本目標・推進方策"]
    for n, (area_id, name, intro) in enumerate(AREAS):
        for column, value in ((1, area_id), (3, name), (4, intro)):
            _put(ws, 4 + n, column, value)
    ws = wb["実施事項"]
    for n, (item_id, name, content, sections) in enumerate(ITEMS):
        row = 4 + n
        _put(ws, row, 1, item_id)
        _put(ws, row, 2, name)
        ws.cell(row, 2).data_type = "s"  # 「=出前講座…」 typed as text (a leading ' in Excel)
        _put(ws, row, 4, content)
        for k in range(5):
            _put(ws, row, 5 + k, sections[k] if k < len(sections) else None)
        _put(ws, row, 11, "R1")
        _put(ws, row, 12, "R6")
    ws = wb["主な取組"]
    row = 5
    for item_id, name, _content, _sections in ITEMS:
        for k, stage in enumerate(("検討", "実施")):
            for column, value in ((1, item_id), (2, "①②"[k]), (3, f"{name.lstrip('=')[:12]}の{stage}"), (4, stage)):
                _put(ws, row, column, value)
            for c in range(6):  # R1…R6: 検討 in the first two years, 実施 after
                _put(ws, row, 5 + c, "○" if (c < 2) == (k == 0) else None)
            row += 1
    ws = wb["KPI"]
    columns = {c.value: c.column for c in ws[3]}
    for n, (kpi_id, item, name, short, kind, unit, direction, cumulative, baseline, target, yearly, owner) in (
            enumerate(KPIS)):
        values = {"KPI ID": kpi_id, "項目ID": item, "指標名": name, "略称": short, "種類": kind, "単位": unit,
                  "方向": direction, "累計": cumulative, "基準値": baseline, "目標値": target, "報告課": owner,
                  "開始年度": "R1", "終了年度": "R6"} | {f"年度目標\n{y}": v for y, v in yearly.items()}
        for header, value in values.items():
            _put(ws, 4 + n, columns[header], value)
    ws = wb["担当課"]
    for n, section in enumerate(SECTIONS):
        _put(ws, 5 + n, 1, section)
    ws = wb["判定基準"]
    for n, grade in enumerate(GRADES):
        for k, value in enumerate(grade):
            _put(ws, 4 + n, 1 + k, value)
    for row in ws.iter_rows():
        if row[0].value == "順調（期待進捗 ×）":
            row[1].value = 0.95
        if row[0].value == "概ね順調（期待進捗 ×）":
            row[1].value = 0.7
    _put(wb["用語解説"], 4, 1, "RPA")
    _put(wb["用語解説"], 4, 2, "パソコンの定型作業をソフトウェアのロボットが自動で行う仕組み")
    wb.save(out)
    return out


def revise_master(exported: Path, out: Path) -> Path:
    """The master exported in 令和2年 (版 R1-01), revised from 令和2年度: 1-1-11 and K10 move to the 文化財保護係,
    K1's target 3,000 → 4,000, K11 and 1-1-12 added."""
    wb = openpyxl.load_workbook(exported)
    _unprotect(wb)
    _info(wb, {"版": "R2-01", "改訂日": "2020-03-25", "適用年度": "R2",
               "改訂の理由": "出前講座を生涯学習課へ移管し、RPA の指標を追加"})
    ws = wb["実施事項"]
    columns = {c.value: c.column for c in ws[3]}
    for row in ws.iter_rows(min_row=4):
        if row[0].value == "1-1-11":
            row[columns["担当課1"] - 1].value = CULT
    row = _last_row(ws) + 1
    for header, value in {"ID": "1-1-12", "名称": "オンライン健康相談窓口の開設", "推進内容": "保健師がオンラインで相談を受ける。",
                          "担当課1": HEALTH, "開始年度": "R2", "終了年度": "R6"}.items():
        _put(ws, row, columns[header], value)
    ws = wb["主な取組"]
    row = _last_row(ws) + 1
    for column, value in ((1, "1-1-12"), (2, "①"), (3, "オンライン相談の試行")):
        _put(ws, row, column, value)
    ws = wb["KPI"]
    columns = {c.value: c.column for c in ws[3]}
    for row in ws.iter_rows(min_row=4):
        if row[0].value == "K1":
            row[columns["目標値"] - 1].value = 4000
        if row[0].value == "K10":
            row[columns["報告課"] - 1].value = CULT
    row = _last_row(ws) + 1
    for header, value in {"KPI ID": "K11", "項目ID": "1-1-5", "指標名": "ＲＰＡで自動化した業務の数（累計）", "種類": "件数",
                          "単位": "業務", "累計": "○", "基準値": 0, "目標値": 20, "報告課": OFFICE, "開始年度": "R2",
                          "終了年度": "R6"}.items():
        _put(ws, row, columns[header], value)
    wb.save(out)
    return out
