# The seed cookbook notebook's code cells (shared/seed/000_94c57dd58c8439c9.txt), for the interactive bench's
# anchor (bench/interactive-bench.ts): cells are separated by "# %%" lines and run one by one in an ipykernel, as
# Lab's Run All does. Changes from the seed, only so that it runs here against the emulator: the pip line is
# dropped; the admin key and base URL come from OPENAI_ADMIN_KEY / OPENAI_BASE_URL; time.time() is pinned to
# USAGE_NOW so both sides query the same range; "# %% usage" and "# %% costs" start the two parts timed against
# notebooks 01 and 02. Everything else (requests, pandas, matplotlib inline, the charts) is the seed's code.
# %% usage
import os
import requests
import pandas as pd
import numpy as np
import matplotlib.pyplot as plt
import matplotlib.patches as mpatches
import time
import json

_now = float(os.environ["USAGE_NOW"])
time.time = lambda: _now
BASE_URL = os.environ["OPENAI_BASE_URL"].rstrip("/")

%matplotlib inline
# %%
def get_data(url, params):
    OPENAI_ADMIN_KEY = os.environ["OPENAI_ADMIN_KEY"]
    headers = {
        "Authorization": f"Bearer {OPENAI_ADMIN_KEY}",
        "Content-Type": "application/json",
    }
    all_data = []
    page_cursor = None
    while True:
        if page_cursor:
            params["page"] = page_cursor
        response = requests.get(url, headers=headers, params=params)
        if response.status_code == 200:
            data_json = response.json()
            all_data.extend(data_json.get("data", []))
            page_cursor = data_json.get("next_page")
            if not page_cursor:
                break
        else:
            print(f"Error: {response.status_code}")
            break
    if all_data:
        print("Data retrieved successfully!")
    else:
        print("Issue: No data available to retrieve.")
    return all_data
# %%
url = f"{BASE_URL}/organization/usage/completions"
days_ago = 30
start_time = int(time.time()) - (days_ago * 24 * 60 * 60)
params = {
    "start_time": start_time,
    "bucket_width": "1d",
    "limit": 7,
}
usage_data = get_data(url, params)
# %%
print(json.dumps(usage_data, indent=2))
# %%
records = []
for bucket in usage_data:
    start_time = bucket.get("start_time")
    end_time = bucket.get("end_time")
    for result in bucket.get("results", []):
        records.append(
            {
                "start_time": start_time,
                "end_time": end_time,
                "input_tokens": result.get("input_tokens", 0),
                "output_tokens": result.get("output_tokens", 0),
                "input_cached_tokens": result.get("input_cached_tokens", 0),
                "input_audio_tokens": result.get("input_audio_tokens", 0),
                "output_audio_tokens": result.get("output_audio_tokens", 0),
                "num_model_requests": result.get("num_model_requests", 0),
                "project_id": result.get("project_id"),
                "user_id": result.get("user_id"),
                "api_key_id": result.get("api_key_id"),
                "model": result.get("model"),
                "batch": result.get("batch"),
            }
        )
df = pd.DataFrame(records)
df["start_datetime"] = pd.to_datetime(df["start_time"], unit="s")
df["end_datetime"] = pd.to_datetime(df["end_time"], unit="s")
df = df[
    [
        "start_datetime", "end_datetime", "start_time", "end_time", "input_tokens", "output_tokens",
        "input_cached_tokens", "input_audio_tokens", "output_audio_tokens", "num_model_requests",
        "project_id", "user_id", "api_key_id", "model", "batch",
    ]
]
df.head()
# %%
if not df.empty:
    plt.figure(figsize=(12, 6))
    width = 0.35
    indices = range(len(df))
    plt.bar(indices, df["input_tokens"], width=width, label="Input Tokens", alpha=0.7)
    plt.bar([i + width for i in indices], df["output_tokens"], width=width, label="Output Tokens", alpha=0.7)
    plt.xlabel("Time Bucket")
    plt.ylabel("Number of Tokens")
    plt.title("Daily Input vs Output Token Usage Last 30 Days")
    plt.xticks(
        [i + width / 2 for i in indices],
        [dt.strftime("%Y-%m-%d") for dt in df["start_datetime"]],
        rotation=45,
    )
    plt.legend()
    plt.tight_layout()
    plt.show()
else:
    print("No data available to plot.")
# %%
days_ago = 30
start_time = int(time.time()) - (days_ago * 24 * 60 * 60)
params = {
    "start_time": start_time,
    "bucket_width": "1d",
    "group_by": ["model", "project_id"],
    "limit": 7,
}
all_group_data = get_data(url, params)
records = []
for bucket in all_group_data:
    start_time = bucket.get("start_time")
    end_time = bucket.get("end_time")
    for result in bucket.get("results", []):
        records.append(
            {
                "start_time": start_time,
                "end_time": end_time,
                "input_tokens": result.get("input_tokens", 0),
                "output_tokens": result.get("output_tokens", 0),
                "input_cached_tokens": result.get("input_cached_tokens", 0),
                "input_audio_tokens": result.get("input_audio_tokens", 0),
                "output_audio_tokens": result.get("output_audio_tokens", 0),
                "num_model_requests": result.get("num_model_requests", 0),
                "project_id": result.get("project_id", "N/A"),
                "user_id": result.get("user_id", "N/A"),
                "api_key_id": result.get("api_key_id", "N/A"),
                "model": result.get("model", "N/A"),
                "batch": result.get("batch", "N/A"),
            }
        )
df = pd.DataFrame(records)
df["start_datetime"] = pd.to_datetime(df["start_time"], unit="s", errors="coerce")
df["end_datetime"] = pd.to_datetime(df["end_time"], unit="s", errors="coerce")
df = df[
    [
        "start_datetime", "end_datetime", "start_time", "end_time", "input_tokens", "output_tokens",
        "input_cached_tokens", "input_audio_tokens", "output_audio_tokens", "num_model_requests",
        "project_id", "user_id", "api_key_id", "model", "batch",
    ]
]
df.head()
# %%
grouped_by_model_project = df.groupby(["model", "project_id"]).agg({"num_model_requests": "sum"}).reset_index()
models = sorted(grouped_by_model_project["model"].unique())
project_ids = sorted(grouped_by_model_project["project_id"].unique())
distinct_colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
project_color_mapping = {pid: distinct_colors[i % len(distinct_colors)] for i, pid in enumerate(project_ids)}
project_totals = grouped_by_model_project.groupby("project_id")["num_model_requests"].sum().sort_values(ascending=False)
n_models = len(models)
bar_width = 0.6
x = np.arange(n_models)
plt.figure(figsize=(12, 6))
for model_idx, model in enumerate(models):
    model_data = grouped_by_model_project[grouped_by_model_project["model"] == model]
    bottom = 0
    for _, row in model_data.iterrows():
        color = project_color_mapping[row["project_id"]]
        plt.bar(x[model_idx], row["num_model_requests"], width=bar_width, bottom=bottom, color=color)
        bottom += row["num_model_requests"]
plt.xlabel("Model")
plt.ylabel("Number of Model Requests")
plt.title("Total Model Requests by Model and Project ID Last 30 Days")
plt.xticks(x, models, rotation=45, ha="right")
handles = [
    mpatches.Patch(color=project_color_mapping[pid], label=f"{pid} (Total: {total})")
    for pid, total in project_totals.items()
]
plt.legend(handles=handles, bbox_to_anchor=(1.05, 1), loc="upper left")
plt.tight_layout()
plt.show()
# %%
records = []
for bucket in all_group_data:
    for result in bucket.get("results", []):
        records.append({"project_id": result.get("project_id", "N/A"), "num_model_requests": result.get("num_model_requests", 0)})
df = pd.DataFrame(records)
if not df.empty:
    grouped_by_project = df.groupby("project_id").agg({"num_model_requests": "sum"}).reset_index()
    filtered_grouped_by_project = grouped_by_project[grouped_by_project["num_model_requests"] > 0]
    total_requests = filtered_grouped_by_project["num_model_requests"].sum()
    if total_requests > 0:
        filtered_grouped_by_project["percentage"] = (filtered_grouped_by_project["num_model_requests"] / total_requests) * 100
        other_projects = filtered_grouped_by_project[filtered_grouped_by_project["percentage"] < 5]
        main_projects = filtered_grouped_by_project[filtered_grouped_by_project["percentage"] >= 5]
        if not other_projects.empty:
            other_row = pd.DataFrame(
                {
                    "project_id": ["Other"],
                    "num_model_requests": [other_projects["num_model_requests"].sum()],
                    "percentage": [other_projects["percentage"].sum()],
                }
            )
            filtered_grouped_by_project = pd.concat([main_projects, other_row], ignore_index=True)
        filtered_grouped_by_project = filtered_grouped_by_project.sort_values(by="num_model_requests", ascending=False)
        plt.figure(figsize=(10, 8))
        plt.pie(
            filtered_grouped_by_project["num_model_requests"],
            labels=filtered_grouped_by_project["project_id"],
            autopct=lambda p: f"{p:.1f}%\n({int(p * total_requests / 100):,})",
            startangle=140,
            textprops={"fontsize": 10},
        )
        plt.title("Distribution of Model Requests by Project ID", fontsize=14)
        plt.axis("equal")
        plt.tight_layout()
        plt.show()
        if not other_projects.empty:
            other_total_requests = other_projects["num_model_requests"].sum()
            plt.figure(figsize=(10, 8))
            plt.pie(
                other_projects["num_model_requests"],
                labels=other_projects["project_id"],
                autopct=lambda p: f"{p:.1f}%\n({int(p * other_total_requests / 100):,})",
                startangle=140,
                textprops={"fontsize": 10},
            )
            plt.title('Breakdown of "Other" Projects by Model Requests', fontsize=14)
            plt.axis("equal")
            plt.tight_layout()
            plt.show()
    else:
        print("Total model requests is zero. Pie chart will not be rendered.")
else:
    print("No grouped data available for pie chart.")
# %% costs
days_ago = 30
start_time = int(time.time()) - (days_ago * 24 * 60 * 60)
costs_url = f"{BASE_URL}/organization/costs"
costs_params = {"start_time": start_time, "bucket_width": "1d", "limit": 30}
all_costs_data = get_data(costs_url, costs_params)
# %%
print(json.dumps(all_costs_data, indent=2))
# %%
cost_records = []
for bucket in all_costs_data:
    start_time = bucket.get("start_time")
    end_time = bucket.get("end_time")
    for result in bucket.get("results", []):
        cost_records.append(
            {
                "start_time": start_time,
                "end_time": end_time,
                "amount_value": result.get("amount", {}).get("value", 0),
                "currency": result.get("amount", {}).get("currency", "usd"),
                "line_item": result.get("line_item"),
                "project_id": result.get("project_id"),
            }
        )
cost_df = pd.DataFrame(cost_records)
cost_df["start_datetime"] = pd.to_datetime(cost_df["start_time"], unit="s")
cost_df["end_datetime"] = pd.to_datetime(cost_df["end_time"], unit="s")
cost_df.head()
# %%
if not cost_df.empty:
    if "start_datetime" not in cost_df.columns or not pd.api.types.is_datetime64_any_dtype(cost_df["start_datetime"]):
        cost_df["start_datetime"] = pd.to_datetime(cost_df["start_time"], unit="s", errors="coerce")
    cost_df["date"] = cost_df["start_datetime"].dt.date
    cost_per_day = cost_df.groupby("date")["amount_value"].sum().reset_index()
    plt.figure(figsize=(12, 6))
    plt.bar(cost_per_day["date"], cost_per_day["amount_value"], width=0.6, color="skyblue", alpha=0.8)
    plt.xlabel("Date")
    plt.ylabel("Total Cost (USD)")
    plt.title("Total Cost per Day (Last 30 Days)")
    plt.xticks(rotation=45, ha="right")
    plt.tight_layout()
    plt.show()
else:
    print("No cost data available to plot.")
# %%
days_ago = 30
start_time = int(time.time()) - (days_ago * 24 * 60 * 60)
costs_params = {"start_time": start_time, "bucket_width": "1d", "limit": 30, "group_by": ["line_item"]}
line_item_cost_data = get_data(costs_url, costs_params)
cost_records = []
for bucket in line_item_cost_data:
    start_time = bucket.get("start_time")
    end_time = bucket.get("end_time")
    for result in bucket.get("results", []):
        cost_records.append(
            {
                "start_time": start_time,
                "end_time": end_time,
                "amount_value": result.get("amount", {}).get("value", 0),
                "currency": result.get("amount", {}).get("currency", "usd"),
                "line_item": result.get("line_item"),
                "project_id": result.get("project_id"),
            }
        )
cost_df = pd.DataFrame(cost_records)
cost_df["start_datetime"] = pd.to_datetime(cost_df["start_time"], unit="s")
cost_df["end_datetime"] = pd.to_datetime(cost_df["end_time"], unit="s")
cost_df.head()
# %%
if not cost_df.empty:
    if "start_datetime" not in cost_df.columns or not pd.api.types.is_datetime64_any_dtype(cost_df["start_datetime"]):
        cost_df["start_datetime"] = pd.to_datetime(cost_df["start_time"], unit="s", errors="coerce")
    cost_df["date"] = cost_df["start_datetime"].dt.date
    cost_per_day = cost_df.groupby(["date", "line_item"])["amount_value"].sum().reset_index()
    cost_pivot = cost_per_day.pivot(index="date", columns="line_item", values="amount_value").fillna(0)
    cost_pivot = cost_pivot.sort_index()
    plt.figure(figsize=(12, 6))
    ax = cost_pivot.plot(kind="bar", stacked=True, ax=plt.gca(), width=0.8)
    plt.xlabel("Date")
    plt.ylabel("Total Cost (USD)")
    plt.title("Total Cost by Line Item")
    plt.xticks(rotation=45, ha="right")
    plt.legend(bbox_to_anchor=(1.05, 1), loc="upper left", borderaxespad=0.0)
    plt.tight_layout()
    plt.show()
else:
    print("No cost data available to plot.")
