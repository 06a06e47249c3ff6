"""What the integrators' page documents: the parameters, the JSON keys and copy-paste URL
builders. Kept as data beside the code that reads the parameters, so a test can hold the page
and the behaviour to the same list."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    name: str
    meaning: str | Promise
    example: str = ""


PARAMETERS: tuple[Item, ...] = (
    Item("status", _("Status HTTP odpowiedzi KSeF."), "403"),
    Item(
        "code",
        _(
            "Kod wyjątku KSeF z odpowiedzi 400 (np. 21470) albo kod statusu operacji: "
            "uwierzytelnienia (np. 450), a z endpointem, który go podał, także sesji, faktury "
            "w sesji, operacji na uprawnieniach, eksportu lub wniosku certyfikacyjnego "
            "(np. 440 z GET /sessions/{ref}/invoices/{ref})."
        ),
        "450",
    ),
    Item("reason", _("reasonCode z odpowiedzi 403."), "missing-permissions"),
    Item(
        "endpoint",
        _(
            "Wywołany endpoint: ścieżka, pełny adres albo metoda i ścieżka; z /v2 lub bez. "
            "Numery referencyjne w ścieżce mogą zostać."
        ),
        "POST /sessions/online",
    ),
    Item("method", _("Metoda HTTP, jeśli nie ma jej w endpoint."), "POST"),
    Item(
        "env",
        _("Środowisko: test, demo albo prod (rozumiemy też np. produkcja, PRD)."),
        "demo",
    ),
    Item("nip", _("NIP kontekstu; wypełni formularz sprawdzania sesji."), "1111111111"),
    Item("trace", _("traceId z odpowiedzi KSeF (nagłówek Trace-Id albo pole traceId)."), ""),
    Item(
        "time",
        _("Czas błędu: ISO 8601, HH:MM (czas polski) albo znacznik Unix w s lub ms."),
        "2026-11-25T14:02:00+01:00",
    ),
    Item("lang", _("Język odpowiedzi: pl albo en."), "pl"),
)

RESPONSE_KEYS: tuple[Item, ...] = (
    Item("version", _("Wersja kształtu odpowiedzi; dla /api/v1/ zawsze 1.")),
    Item("matched", _("Czy któraś reguła redakcji pasuje do błędu.")),
    Item(
        "match_level",
        _(
            "Jak dokładne jest dopasowanie: endpoint (reguła dla tego endpointu), "
            "status-and-code (status i kod lub reasonCode), code (sam kod lub reasonCode), "
            "status (tylko status HTTP), family (nieznany kod znanej rodziny: zob. family), none."
        ),
    ),
    Item("language", _("Język treści (pl albo en).")),
    Item(
        "language_fallback",
        _("true, gdy artykułu nie ma w żądanym języku i podajemy polski."),
    ),
    Item("title", _("Tytuł odpowiedzi (artykuł i fragment).")),
    Item("summary", _("Kilka zdań zwykłego tekstu, bez Markdown i HTML.")),
    Item("article_url", _("Pełny adres artykułu z kotwicą; null bez dopasowania.")),
    Item("check_url", _("Formularz sprawdzania sesji ze środowiskiem i NIP-em.")),
    Item("help_url", _("Ta sama pomoc jako strona dla użytkownika.")),
    Item("error", _("Błąd tak, jak go zrozumieliśmy, z opisem jednym zdaniem.")),
    Item("rule", _("Reguła, która wygrała, albo null.")),
    Item(
        "family",
        _(
            "Gdy żadna reguła nie zna kodu, ale wiadomo, do jakiej rodziny kodów należy: "
            "artykuł tej rodziny (title, url); inaczej null."
        ),
    ),
    Item(
        "alternatives",
        _("Bez dopasowania: artykuły, które najlepiej pasują (title, summary, url)."),
    ),
    Item("tokens_removed", _("true, gdy z linku usunęliśmy token KSeF.")),
)


@dataclass(frozen=True)
class Sample:
    language: str
    code: str


_SAMPLES = {
    "curl": """curl -G '{base}{api}' \\
  -H 'Accept: application/json' \\
  --data-urlencode 'status=403' \\
  --data-urlencode 'reason=missing-permissions' \\
  --data-urlencode 'endpoint=POST /sessions/online' \\
  --data-urlencode 'env=demo' \\
  --data-urlencode 'nip=1111111111' \\
  --data-urlencode 'lang=pl'""",
    "Python": '''from urllib.parse import urlencode

KSEF_HELP = "{base}"


def ksef_help_url(api=False, **error):
    """status, code, reason, endpoint, env, nip, trace, time, lang. Never a token."""
    params = {{k: v for k, v in error.items() if v not in (None, "")}}
    path = "{api}" if api else "{page}"
    return KSEF_HELP + path + "?" + urlencode(params)


# ksef_help_url(status=403, reason="missing-permissions",
#               endpoint="POST /sessions/online", env="demo", nip="1111111111")''',
    "C#": """using System;
using System.Collections.Generic;
using System.Linq;

public static class KsefHelp
{{
    const string Base = "{base}";

    // status, code, reason, endpoint, env, nip, trace, time, lang. Never a token.
    public static string Url(IDictionary<string, string?> error, bool api = false)
    {{
        var query = string.Join("&", error
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)));
        return Base + (api ? "{api}" : "{page}") + "?" + query;
    }}
}}

// KsefHelp.Url(new Dictionary<string, string?> {{
//     ["status"] = "403", ["reason"] = "missing-permissions",
//     ["endpoint"] = "POST /sessions/online", ["env"] = "demo",
//     ["time"] = DateTimeOffset.Now.ToString("o") }});""",
    "JavaScript": """// status, code, reason, endpoint, env, nip, trace, time, lang. Never a token.
function ksefHelpUrl(error, api = false) {{
  const url = new URL(api ? "{api}" : "{page}", "{base}");
  for (const [key, value] of Object.entries(error)) {{
    if (value !== undefined && value !== null && value !== "") {{
      url.searchParams.set(key, String(value));
    }}
  }}
  return url.toString();
}}

// Help inside your own dialog (CORS allows any origin):
const help = await fetch(ksefHelpUrl({{
  status: 403, reason: "missing-permissions", endpoint: "POST /sessions/online",
  env: "demo", lang: "pl",
}}, true)).then((r) => r.json());
// help.title, help.summary, help.article_url, help.check_url""",
    "PHP": """<?php
// status, code, reason, endpoint, env, nip, trace, time, lang. Never a token.
function ksef_help_url(array $error, bool $api = false): string
{{
    $error = array_filter($error, fn ($v) => $v !== null && $v !== '');
    $path = $api ? '{api}' : '{page}';
    return '{base}' . $path . '?' . http_build_query($error, '', '&', PHP_QUERY_RFC3986);
}}

// ksef_help_url(['status' => 403, 'reason' => 'missing-permissions',
//                'endpoint' => 'POST /sessions/online', 'env' => 'demo']);""",
    "Java": """import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

public final class KsefHelp {{
    private static final String BASE = "{base}";

    /** status, code, reason, endpoint, env, nip, trace, time, lang. Never a token. */
    public static String url(Map<String, String> error, boolean api) {{
        String query = error.entrySet().stream()
            .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        return BASE + (api ? "{api}" : "{page}") + "?" + query;
    }}
}}

// KsefHelp.url(new java.util.LinkedHashMap<>(Map.of("status", "403",
//     "endpoint", "POST /sessions/online", "env", "demo")), false);""",
}


def samples(base_url: str, page_path: str, api_path: str) -> list[Sample]:
    """The URL builders, pointing at this site's pages."""
    return [
        Sample(language, code.format(base=base_url, page=page_path, api=api_path))
        for language, code in _SAMPLES.items()
    ]
