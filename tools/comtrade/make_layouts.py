"""Writes the Comtrade test fixture in the two other layouts the reader takes, from
tests/fixtures/comtrade_kaz_uzb.csv (today's bulk/API CSV):

- tests/fixtures/comtrade_kaz_uzb_api.json: the Comtrade API's JSON download (an object with a
  `data` array of records, numbers as numbers, `null` for empty);
- tests/fixtures/comtrade_kaz_uzb_legacy.csv: the legacy bulk CSV (`Year`, `Trade Flow Code`
  1 import / 2 export / 3 re-export / 4 re-import, `Reporter ISO`, `Partner ISO` with WLD for the
  World, `Commodity Code`, `Aggregate Level`, `Is Leaf Code`, `Trade Value (US$)`, ...).

    python3 tools/comtrade/make_layouts.py
"""
import csv, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "tests", "fixtures")
rows = list(csv.DictReader(open(os.path.join(FIX, "comtrade_kaz_uzb.csv"), newline="")))


def num(v):
    if v == "":
        return None
    f = float(v)
    return int(f) if f.is_integer() else f


api = []
for r in rows:
    api.append({
        "typeCode": r["typeCode"], "freqCode": r["freqCode"], "refPeriodId": int(r["refPeriodId"]),
        "refYear": int(r["refYear"]), "refMonth": int(r["refMonth"]), "period": r["period"],
        "reporterCode": int(r["reporterCode"]), "reporterISO": r["reporterISO"],
        "reporterDesc": r["reporterDesc"], "flowCode": r["flowCode"], "flowDesc": r["flowDesc"],
        "partnerCode": int(r["partnerCode"]), "partnerISO": r["partnerISO"],
        "partnerDesc": r["partnerDesc"], "cmdCode": r["cmdCode"], "cmdDesc": r["cmdDesc"],
        "qty": num(r["qty"]), "primaryValue": num(r["primaryValue"]),
        "cifvalue": num(r["cifvalue"]), "fobvalue": num(r["fobvalue"]),
        "isAggregate": r["isAggregate"] == "True",
    })
with open(os.path.join(FIX, "comtrade_kaz_uzb_api.json"), "w") as f:
    json.dump({"elapsedTime": "0.05 secs", "count": len(api), "data": api, "error": ""}, f, indent=1)
    f.write("\n")

FLOW = {"M": "1", "X": "2", "RX": "3", "RM": "4"}
WORDS = {"M": "Import", "X": "Export", "RX": "Re-Export", "RM": "Re-Import"}
cols = ["Classification", "Year", "Period", "Period Desc.", "Aggregate Level", "Is Leaf Code",
        "Trade Flow Code", "Trade Flow", "Reporter Code", "Reporter", "Reporter ISO",
        "Partner Code", "Partner", "Partner ISO", "Commodity Code", "Commodity", "Qty",
        "Trade Value (US$)", "CIF Trade Value (US$)", "FOB Trade Value (US$)", "Flag"]
with open(os.path.join(FIX, "comtrade_kaz_uzb_legacy.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        total = r["cmdCode"] == "TOTAL"
        w.writerow(["HS", r["refYear"], r["period"], r["refYear"], 0 if total else len(r["cmdCode"]),
                    0 if total else 1, FLOW[r["flowCode"]], WORDS[r["flowCode"]],
                    r["reporterCode"], r["reporterDesc"], r["reporterISO"], r["partnerCode"],
                    r["partnerDesc"], "WLD" if r["partnerISO"] == "W00" else r["partnerISO"],
                    r["cmdCode"], r["cmdDesc"], r["qty"], r["primaryValue"], r["cifvalue"],
                    r["fobvalue"], 0])
