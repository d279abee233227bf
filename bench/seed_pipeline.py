#!/usr/bin/env python3
"""Baseline: the seed notebook's pipeline (requests + pandas + matplotlib), as a script.

It does what the seed notebook does, in the same way (sequential cursor pagination,
list-of-dicts -> pandas DataFrame, groupby, matplotlib charts), so that the TypeScript
project can be measured against it on the same API and the same data, in one run.
Kept in bench/ so the benchmark needs nothing outside the repository: `npm run bench` runs it
through bench/seed-runner.py with the project's .venv (requirements.txt has its three libraries).

Usage:
  python3 seed_pipeline.py --base-url http://127.0.0.1:PORT/v1 [--key KEY] [--days 30]
                           [--bucket-width 1d] [--limit 7] [--out DIR] [--no-charts]

Prints one JSON object on stdout: seconds per stage, request count, row counts and totals.
Needs: requests, pandas, matplotlib (Debian: python3-requests python3-pandas python3-matplotlib).
"""
import argparse
import json
import os
import sys
import time

import pandas as pd
import requests


def get_data(session, url, params, stats):
    """Sequential cursor pagination, as in the seed: re-send params with page=<next_page>."""
    params = dict(params)
    out = []
    while True:
        r = session.get(url, params=params, timeout=120)
        stats["requests"] += 1
        if r.status_code != 200:
            raise SystemExit(f"HTTP {r.status_code} from {url}: {r.text[:200]}")
        body = r.json()
        out.extend(body.get("data", []))
        cursor = body.get("next_page")
        if not cursor:
            return out
        params["page"] = cursor


def usage_frame(buckets):
    records = []
    for b in buckets:
        for r in b.get("results", []):
            records.append({
                "start_time": b.get("start_time"),
                "end_time": b.get("end_time"),
                "input_tokens": r.get("input_tokens", 0),
                "output_tokens": r.get("output_tokens", 0),
                "input_cached_tokens": r.get("input_cached_tokens", 0),
                "input_audio_tokens": r.get("input_audio_tokens", 0),
                "output_audio_tokens": r.get("output_audio_tokens", 0),
                "num_model_requests": r.get("num_model_requests", 0),
                "model": r.get("model"),
                "project_id": r.get("project_id"),
            })
    df = pd.DataFrame(records)
    if not df.empty:
        df["start_datetime"] = pd.to_datetime(df["start_time"], unit="s")
        df["end_datetime"] = pd.to_datetime(df["end_time"], unit="s")
    return df


def cost_frame(buckets):
    records = []
    for b in buckets:
        for r in b.get("results", []):
            amount = r.get("amount") or {}
            records.append({
                "start_time": b.get("start_time"),
                "end_time": b.get("end_time"),
                "amount_value": float(amount.get("value", 0) or 0),
                "currency": amount.get("currency", "usd"),
                "line_item": r.get("line_item"),
                "project_id": r.get("project_id"),
            })
    df = pd.DataFrame(records)
    if not df.empty:
        df["start_datetime"] = pd.to_datetime(df["start_time"], unit="s")
        df["date"] = df["start_datetime"].dt.date
    return df


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--key", default=os.environ.get("OPENAI_ADMIN_KEY", "sk-admin-demo"))
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--bucket-width", default="1d")
    ap.add_argument("--limit", type=int, default=7)
    ap.add_argument("--group-by", default="model,project_id")
    ap.add_argument("--out", default=None)
    ap.add_argument("--no-charts", action="store_true")
    a = ap.parse_args()

    stats = {"requests": 0}
    t = {}
    s = requests.Session()
    s.headers.update({"Authorization": f"Bearer {a.key}", "Content-Type": "application/json"})
    base = a.base_url.rstrip("/")
    start_time = int(time.time()) - a.days * 86400

    t0 = time.perf_counter()
    usage = get_data(s, f"{base}/organization/usage/completions",
                     {"start_time": start_time, "bucket_width": a.bucket_width, "limit": a.limit}, stats)
    grouped = get_data(s, f"{base}/organization/usage/completions",
                       {"start_time": start_time, "bucket_width": a.bucket_width, "limit": a.limit,
                        "group_by": a.group_by.split(",")}, stats)
    costs = get_data(s, f"{base}/organization/costs",
                     {"start_time": start_time, "bucket_width": "1d", "limit": 30}, stats)
    costs_li = get_data(s, f"{base}/organization/costs",
                        {"start_time": start_time, "bucket_width": "1d", "limit": 30,
                         "group_by": ["line_item"]}, stats)
    t["fetch_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    df = usage_frame(usage)
    gdf = usage_frame(grouped)
    cdf = cost_frame(costs)
    ldf = cost_frame(costs_li)
    by_model_project = (gdf.groupby(["model", "project_id"], dropna=False)
                        .agg({"num_model_requests": "sum"}).reset_index()) if not gdf.empty else gdf
    by_project = (gdf.groupby("project_id", dropna=False)
                  .agg({"num_model_requests": "sum"}).reset_index()) if not gdf.empty else gdf
    cost_per_day = cdf.groupby("date")["amount_value"].sum().reset_index() if not cdf.empty else cdf
    li_pivot = (ldf.groupby(["date", "line_item"])["amount_value"].sum().reset_index()
                .pivot(index="date", columns="line_item", values="amount_value").fillna(0)) if not ldf.empty else ldf
    t["frames_s"] = time.perf_counter() - t0

    if not a.no_charts:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        out = a.out or "."
        os.makedirs(out, exist_ok=True)
        t0 = time.perf_counter()
        fig = plt.figure(figsize=(12, 6))
        idx = range(len(df))
        plt.bar(idx, df["input_tokens"], width=0.35, label="Input Tokens")
        plt.bar([i + 0.35 for i in idx], df["output_tokens"], width=0.35, label="Output Tokens")
        plt.legend(); fig.savefig(os.path.join(out, "token-usage.png")); plt.close(fig)
        fig = plt.figure(figsize=(12, 6))
        for m in sorted(by_model_project["model"].dropna().unique()):
            part = by_model_project[by_model_project["model"] == m]
            bottom = 0
            for _, row in part.iterrows():
                plt.bar(m, row["num_model_requests"], bottom=bottom)
                bottom += row["num_model_requests"]
        fig.savefig(os.path.join(out, "requests-by-model-project.png")); plt.close(fig)
        fig = plt.figure(figsize=(10, 8))
        pos = by_project[by_project["num_model_requests"] > 0]
        if not pos.empty:
            plt.pie(pos["num_model_requests"], labels=pos["project_id"].astype(str))
        fig.savefig(os.path.join(out, "requests-by-project-pie.png")); plt.close(fig)
        fig = plt.figure(figsize=(12, 6))
        plt.bar([str(d) for d in cost_per_day["date"]], cost_per_day["amount_value"])
        fig.savefig(os.path.join(out, "cost-per-day.png")); plt.close(fig)
        if not ldf.empty:
            fig = plt.figure(figsize=(12, 6))
            li_pivot.plot(kind="bar", stacked=True, ax=plt.gca())
            fig.savefig(os.path.join(out, "cost-by-line-item.png")); plt.close(fig)
        t["charts_s"] = time.perf_counter() - t0

    result = {
        "seconds": t,
        "requests": stats["requests"],
        "rows": {"usage": len(df), "grouped": len(gdf), "costs": len(cdf), "costs_by_line_item": len(ldf)},
        "totals": {
            "input_tokens": int(df["input_tokens"].sum()) if not df.empty else 0,
            "output_tokens": int(df["output_tokens"].sum()) if not df.empty else 0,
            "num_model_requests": int(df["num_model_requests"].sum()) if not df.empty else 0,
            "grouped_num_model_requests": int(gdf["num_model_requests"].sum()) if not gdf.empty else 0,
            "cost_usd": float(cdf["amount_value"].sum()) if not cdf.empty else 0.0,
            "cost_by_line_item_usd": float(ldf["amount_value"].sum()) if not ldf.empty else 0.0,
        },
    }
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
