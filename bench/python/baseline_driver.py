"""Drives the original lab's Python handler, verbatim and from where it lies, for a while.

The handler builds a boto3 resource on every call, as published. Debian's boto3 (1.26)
ignores AWS_ENDPOINT_URL_DYNAMODB, so boto3.resource is wrapped, before the handler is
imported, to pass the local engine's endpoint; the handler's code is not touched.

Usage: python3 baseline_driver.py ENDPOINT BASELINE_DIR SECONDS
Prints one JSON line: {"invocations": n, "seconds": s, "errors": e}.
"""
import functools
import json
import sys
import time

endpoint, baseline_dir, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])

import boto3  # noqa: E402

boto3.resource = functools.partial(
    boto3.resource,
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="local",
    aws_secret_access_key="local",
)
sys.path.insert(0, baseline_dir)
import lambda_function  # noqa: E402  (prints "Loading function", as it does on Lambda)

invocations = 0
errors = 0
started = time.perf_counter()
deadline = started + seconds
while time.perf_counter() < deadline:
    item_id = "py-%d" % invocations
    for event in (
        {"operation": "create", "tableName": "lambda-apigateway", "payload": {"Item": {"id": item_id, "name": "Bob"}}},
        {"operation": "read", "tableName": "lambda-apigateway", "payload": {"Key": {"id": item_id}}},
    ):
        try:
            lambda_function.lambda_handler(event, None)
        except Exception:  # counted, not fatal: the comparison wants throughput
            errors += 1
        invocations += 1
print(json.dumps({"invocations": invocations, "seconds": time.perf_counter() - started, "errors": errors}))
