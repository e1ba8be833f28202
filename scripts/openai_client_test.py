"""The official `openai` Python package as a real client of the product's /v1 routes.

Run by scripts/test.sh against `local` (offline provider):
    openai_client_test.py <base URL> <API key>

Each check raises on failure; the script exits non-zero naming the failed checks.
"""

import sys

import openai
from openai import OpenAI

BASE, KEY = sys.argv[1], sys.argv[2]
QUESTION = "Potassium 3.1 mmol/L (L), sodium 139 mmol/L. Which value is low?"


def client(key: str = KEY) -> OpenAI:
    # No retries: a failure must show, not be retried away.
    return OpenAI(base_url=f"{BASE}/v1", api_key=key, max_retries=0, timeout=10)


def models_are_listed():
    ids = [m.id for m in client().models.list()]
    assert "gpt-4o-mini" in ids and "claude-haiku-4-5" in ids, ids


def a_completion_answers_with_usage_and_cost():
    reply = client().chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}],
        max_tokens=200,
    )
    text = reply.choices[0].message.content
    assert "offline provider" in text and "3.1 mmol/L" in text, text
    assert reply.model == "offline-extractive", reply.model
    assert reply.choices[0].finish_reason in ("stop", "length")
    usage = reply.usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert usage.model_extra.get("cost_usd") == 0.0, usage.model_extra


def a_stream_yields_the_same_answer_then_usage():
    whole = client().chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": QUESTION}]
    )
    chunks = list(
        client().chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": QUESTION}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content, (text, whole.choices[0].message.content)
    assert chunks[0].choices[0].delta.role == "assistant"
    finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finish == ["stop"], finish
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0, chunks[-1]


def a_wrong_key_is_an_authentication_error():
    try:
        client("not-a-real-key").chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
    except openai.AuthenticationError as err:
        assert err.status_code == 401
    else:
        raise AssertionError("a wrong key was accepted")


def an_unsupported_request_is_a_bad_request_naming_the_field():
    try:
        client().chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "hi"}],
            tools=[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}],
        )
    except openai.BadRequestError as err:
        assert err.status_code == 400
        # The SDK keeps the `error` member OpenAI's own errors have; its `param` names the field.
        assert err.body["param"] == "tools" and "not supported" in err.message, (err.body, err.message)
    else:
        raise AssertionError("tools were accepted")


def an_unknown_model_is_a_bad_request():
    try:
        client().chat.completions.create(model="gpt-4o-audio-preview", messages=[{"role": "user", "content": "hi"}])
    except openai.BadRequestError as err:
        assert "price" in str(err), str(err)
    else:
        raise AssertionError("a model without a price was accepted")


CHECKS = [
    models_are_listed,
    a_completion_answers_with_usage_and_cost,
    a_stream_yields_the_same_answer_then_usage,
    a_wrong_key_is_an_authentication_error,
    an_unsupported_request_is_a_bad_request_naming_the_field,
    an_unknown_model_is_a_bad_request,
]

failed = []
for check in CHECKS:
    try:
        check()
        print(f"ok      {check.__name__}")
    except Exception as err:  # noqa: BLE001 - every failure is reported, then the run fails
        print(f"FAILED  {check.__name__}: {type(err).__name__}: {err}")
        failed.append(check.__name__)
print(f"openai {openai.__version__} client: {len(CHECKS) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
