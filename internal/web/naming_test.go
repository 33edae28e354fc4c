package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
)

// snakeCase is the one naming style of the API's JSON keys.
var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// dataKeys are the properties whose values are maps keyed by data, not
// field names: a report's header fields as the report gives them, and an
// agreement translation's labels and sources (by reading ID).
var dataKeys = map[string]bool{"metadata": true, "labels": true, "sources": true}

// badKeys walks a JSON value and returns the path of every object key
// that is not snake_case.
func badKeys(v any, path string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if !snakeCase.MatchString(k) {
				out = append(out, path+"."+k)
			}
			if !dataKeys[k] {
				out = append(out, badKeys(x, path+"."+k)...)
			}
		}
	case []any:
		for i, x := range v {
			if i < 20 { // the first items show every shape a list has
				out = append(out, badKeys(x, path+"[]")...)
			}
		}
	}
	return out
}

// apiResponse is an answer of the API: the route ("GET /api/v1/claims"),
// its status and its body.
type apiResponse struct {
	route string
	code  int
	body  string
}

// apiResponses fetches every JSON response of the API's GET routes from
// a server holding reports, incidents, assessments, a decision and an
// agreement draft, and the answers of its POST routes, by name.
func apiResponses(t *testing.T) map[string]apiResponse {
	srv, ts := newTestServer(t, WithLimits(Limits{}))
	// An agreement claim to draft from, a draft, and a decision.
	code, _, posted := do(t, nil, "POST", ts.URL+"/api/v1/reports", analystToken,
		"Outlet: Reuters\nLanguage: en\nPublished: 2025-03-18\n\nMoscow and Kyiv accepted a general truce of 30 days, a mediator told reporters.")
	var rep struct{ ID string }
	if code != http.StatusCreated || json.Unmarshal([]byte(posted), &rep) != nil {
		t.Fatalf("post report: %d %s", code, posted)
	}
	responses := map[string]apiResponse{"POST /api/v1/reports": {"POST /api/v1/reports", code, posted}}
	var claims []claimJSON
	getJSON(t, ts.URL+"/api/v1/claims?kind=agreement&report="+rep.ID, &claims)
	if len(claims) == 1 {
		code, _, out := do(t, nil, "POST", ts.URL+"/api/v1/agreement-drafts", analystToken, `{"claim": "`+claims[0].ID+`"}`, "Content-Type", "application/json")
		if code != http.StatusCreated {
			t.Fatalf("draft: %d %s", code, out)
		}
		responses["POST /api/v1/agreement-drafts"] = apiResponse{"POST /api/v1/agreement-drafts", code, out}
	} else {
		t.Errorf("no agreement claim in %q to draft from: %v", posted, claims)
	}
	var all []claimJSON
	getJSON(t, ts.URL+"/api/v1/claims?kind=incident", &all)
	if len(all) == 0 {
		t.Fatal("no incident claims")
	}
	code, _, out := do(t, nil, "POST", ts.URL+"/api/v1/decisions", analystToken,
		`{"kind": "confirm_claim", "claim": "`+all[0].ID+`", "reason": "seen on the footage"}`, "Content-Type", "application/json")
	if code != http.StatusCreated {
		t.Fatalf("decision: %d %s", code, out)
	}
	responses["POST /api/v1/decisions"] = apiResponse{"POST /api/v1/decisions", code, out}

	var incs []struct{ ID string }
	getJSON(t, ts.URL+"/api/v1/incidents", &incs)
	ids := map[string]string{"/api/v1/reports/{id}": rep.ID, "/api/v1/incidents/{id}": incs[0].ID, "/api/v1/agreements/{id}": "energy-moratorium-2025-03"}
	for _, rt := range srv.apiRoutes() {
		if rt.method != "GET" {
			continue
		}
		path := rt.path
		if id, ok := ids[path]; ok {
			path = strings.Replace(path, "{id}", id, 1)
		}
		code, h, body := do(t, nil, "GET", ts.URL+path, viewerToken, "")
		ct, _, _ := strings.Cut(h.Get("Content-Type"), ";")
		if code != http.StatusOK {
			t.Errorf("GET %s: %d %.200s", path, code, body)
			continue
		}
		switch ct {
		case "application/json", "application/geo+json":
			responses["GET "+rt.path] = apiResponse{"GET " + rt.path, code, body}
		case "application/x-ndjson":
			sc := bufio.NewScanner(strings.NewReader(body))
			sc.Buffer(nil, 1<<20)
			for i := 0; sc.Scan(); i++ {
				responses["GET "+rt.path+" line "+string(rune('1'+i))] = apiResponse{"", code, sc.Text()}
			}
		}
	}
	// An error answer, too.
	code, _, out = do(t, nil, "GET", ts.URL+"/api/v1/incidents?from=x", "", "")
	responses["GET /api/v1/incidents?from=x"] = apiResponse{"", code, out}
	return responses
}

// TestJSONNaming fails on any key of an API response that is not
// snake_case.
func TestJSONNaming(t *testing.T) {
	responses := apiResponses(t)

	var names []string
	for name := range responses {
		names = append(names, name)
	}
	slices.Sort(names)
	if len(names) < 20 {
		t.Errorf("only %d JSON responses walked: %v", len(names), names)
	}
	for _, name := range names {
		var v any
		if err := json.Unmarshal([]byte(responses[name].body), &v); err != nil {
			t.Errorf("%s: not JSON: %v", name, err)
			continue
		}
		if bad := badKeys(v, ""); len(bad) > 0 {
			slices.Sort(bad)
			t.Errorf("%s: keys not in snake_case: %v", name, slices.Compact(bad))
		}
	}
}

// TestOpenAPIOperations: every route of the OpenAPI document has an
// operationId, unique, in lowerCamelCase, and every answer of 2xx a
// response with a schema (or, for redirects, none), and each schema it
// names is defined.
func TestOpenAPIOperations(t *testing.T) {
	srv, _ := newTestServer(t)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Responses   map[string]struct {
				Content map[string]struct {
					Schema json.RawMessage `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	camel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]+$`)
	for _, rt := range srv.apiRoutes() {
		op, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]
		if !ok {
			t.Errorf("%s %s: not in the OpenAPI document", rt.method, rt.path)
			continue
		}
		where := rt.method + " " + rt.path
		if !camel.MatchString(op.OperationID) {
			t.Errorf("%s: operationId %q", where, op.OperationID)
		} else if other, dup := seen[op.OperationID]; dup {
			t.Errorf("%s: operationId %q is also %s's", where, op.OperationID, other)
		}
		seen[op.OperationID] = where
		ok2xx := false
		for code, resp := range op.Responses {
			if !strings.HasPrefix(code, "2") {
				continue
			}
			ok2xx = true
			if len(resp.Content) == 0 {
				t.Errorf("%s: response %s has no content", where, code)
			}
			for ct, c := range resp.Content {
				if len(c.Schema) == 0 || string(c.Schema) == "{}" {
					t.Errorf("%s: response %s %s has no schema", where, code, ct)
				}
				var compact bytes.Buffer
				if err := json.Compact(&compact, c.Schema); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(ct, "json") && strings.Contains(compact.String(), `"items":{"type":"object"}`) {
					t.Errorf("%s: response %s: untyped list items", where, code)
				}
			}
		}
		if !ok2xx && !slices.ContainsFunc(keys(op.Responses), func(c string) bool { return strings.HasPrefix(c, "3") }) {
			t.Errorf("%s: no success response", where)
		}
	}
	// Every $ref resolves.
	for _, m := range regexp.MustCompile(`"#/components/schemas/([A-Za-z0-9_]+)"`).FindAllSubmatch(openAPI, -1) {
		if _, ok := doc.Components.Schemas[string(m[1])]; !ok {
			t.Errorf("$ref to undefined schema %s", m[1])
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestJSONMatchesSchemas checks the API's answers against the response
// schemas of the OpenAPI document: every key of an object is a property
// its schema declares (or its schema allows any, additionalProperties),
// down through arrays, $refs and allOf, so that the document and the
// types the handlers write cannot drift apart.
func TestJSONMatchesSchemas(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	paths := doc["paths"].(map[string]any)
	checked := 0
	for name, resp := range apiResponses(t) {
		if resp.route == "" {
			continue
		}
		method, path, _ := strings.Cut(resp.route, " ")
		op, _ := paths[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
		r, _ := op["responses"].(map[string]any)[strconv.Itoa(resp.code)].(map[string]any)
		content, _ := r["content"].(map[string]any)
		var schema any
		for _, c := range content {
			schema = c.(map[string]any)["schema"]
		}
		if schema == nil {
			t.Errorf("%s: %d is not documented with a schema", name, resp.code)
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(resp.body), &v); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, e := range undeclared(v, schema, schemas, "") {
			t.Errorf("%s: %s", name, e)
		}
		checked++
	}
	if checked < 15 {
		t.Errorf("only %d responses checked", checked)
	}
}

// undeclared lists the keys of v that schema does not declare.
func undeclared(v, schema any, schemas map[string]any, path string) []string {
	s, _ := schema.(map[string]any)
	if s == nil {
		return nil
	}
	if ref, ok := s["$ref"].(string); ok {
		return undeclared(v, schemas[strings.TrimPrefix(ref, "#/components/schemas/")], schemas, path)
	}
	if parts, ok := s["oneOf"].([]any); ok {
		var best []string
		for i, p := range parts {
			e := undeclared(v, p, schemas, path)
			if len(e) == 0 {
				return nil
			}
			if i == 0 || len(e) < len(best) {
				best = e
			}
		}
		return best
	}
	switch v := v.(type) {
	case map[string]any:
		props := map[string]any{}
		collect(s, schemas, props)
		var out []string
		for k, x := range v {
			p, ok := props[k]
			if !ok {
				if ap, ok := s["additionalProperties"].(map[string]any); ok {
					out = append(out, undeclared(x, ap, schemas, path+"."+k)...)
					continue
				}
				if len(props) > 0 {
					out = append(out, path+"."+k+" is not in the schema")
				}
				continue
			}
			out = append(out, undeclared(x, p, schemas, path+"."+k)...)
		}
		return out
	case []any:
		var out []string
		for i, x := range v {
			if i < 20 {
				out = append(out, undeclared(x, s["items"], schemas, path+"[]")...)
			}
		}
		return out
	}
	return nil
}

// collect gathers the properties an object schema declares, its own and
// those of its allOf parts.
func collect(s map[string]any, schemas map[string]any, into map[string]any) {
	if ref, ok := s["$ref"].(string); ok {
		if r, ok := schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any); ok {
			collect(r, schemas, into)
		}
		return
	}
	props, _ := s["properties"].(map[string]any)
	for k, p := range props {
		into[k] = p
	}
	parts, _ := s["allOf"].([]any)
	for _, part := range parts {
		if p, ok := part.(map[string]any); ok {
			collect(p, schemas, into)
		}
	}
}

// TestOpenAPIWhyCodes: the document lists the reason codes assessments
// give, no more and no fewer.
func TestOpenAPIWhyCodes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Why struct {
					Properties struct {
						Code struct {
							Enum []string `json:"enum"`
						} `json:"code"`
					} `json:"properties"`
				} `json:"Why"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(doc.Components.Schemas.Why.Properties.Code.Enum))
	want := slices.Sorted(slices.Values(trucewatch.WhyCodes))
	if !slices.Equal(got, want) {
		t.Errorf("openapi.json's Why codes %v, want %v", got, want)
	}
}
