/*
 * check_heal.c: unit tests for heal.c, the healing engine.
 *
 * The rules fixture is built here from the defaults written in
 * healing-model.md (not from sql/), so that a change to either shows up as
 * a failing test.  Expected times are written as RFC 3339 strings and
 * compared through timefmt_format(), so a failure reads as a date.
 */
#include "buildconf.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heal.h"
#include "timefmt.h"
#include "check_util.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define HOUR ((int64_t)3600)
#define DAY ((int64_t)86400)

/* Condition indices (bits) of the fixture, in healing-model.md's order. */
enum { C_ACTIVE_ACNE, C_COLD_SORE, C_SUNBURN, C_OPEN_WOUND, C_ECZEMA_FLARE };

/* §3, in the table's order. */
static const struct heal_category cats[] = { { "retinoid", 168, 240, 0, "" },
	{ "exfoliating_acid", 168, 168, 0, "" },
	{ "benzoyl_peroxide", 168, 168, 0, "" },
	{ "hydroquinone", 168, 168, 0, "" },
	{ "vitamin_c", 24, 72, 0, "vitamin C (L-ascorbic acid)" },
	{ "scrub", 72, 120, 0, "" }, { "makeup", 0, 48, 0, "" },
	{ "fragrance", 0, 48, 0, "" }, { "chemical_sunscreen", 0, 24, 0, "" },
	{ "minoxidil", 0, 48, 0, "" }, { "oral_isotretinoin", 4380, 0, 1, "" },
	{ "hyaluronic_acid", 0, 0, 0, "" }, { "peptide", 0, 0, 0, "" },
	{ "growth_factor", 0, 0, 0, "" }, { "moisturizer", 0, 0, 0, "" },
	{ "other", 0, 0, 0, "" } };

static const struct heal_rules rules = {
	.bands = {
		{ 0.30, 72 },
		{ 0.50, 336 },
		{ 0.75, 504 },
		{ 1.00, 672 },
		{ 1.50, 1008 },
		{ 2.00, 1008 },
		{ 3.00, 1344 }
	},
	.nbands = 7,
	.skin_factor = 1.5,
	.sensitive_fitzpatrick = 4,
	.pigment_depth_mm = 0.50,
	.prolonged_h = 72,
	.clinician_h = 168,
	.conditions = {
		/* Names as the condition table may hold them; "" falls back
		 * to the slug with spaces. */
		[C_ACTIVE_ACNE] = { "active_acne", 0, "active acne" },
		[C_COLD_SORE] = { "cold_sore", 336, "" },
		[C_SUNBURN] = { "sunburn", 336, "" },
		[C_OPEN_WOUND] = { "open_wound", 0, "" },
		[C_ECZEMA_FLARE] = { "eczema_flare", 0, "eczema flare-up" }
	},
	.nconditions = 5,
	.categories = cats,
	.ncategories = NELEM(cats)
};

static const struct heal_profile normal = { 0, 0, 0, "" };
static const struct heal_profile fitz5 = { 5, 0, 0, "" };

/* ------------------------------------------------------------------ */
/* Helpers */

/*
 * The warning functions in UTC without ids, the shape the older tests
 * were written in (heal.c had them as wrappers until every caller passed
 * a profile and ids).
 */
static void
utc_device_warnings(const char *device_name, int is_pen, int new_cartridge,
    long long max_uses, long long max_age_days, long long uses_before,
    int64_t first_used_at, int64_t started_at, struct heal_warnings *out)
{
	struct heal_device dev;

	memset(&dev, 0, sizeof(dev));
	dev.name = device_name;
	dev.is_pen = is_pen;
	dev.max_uses = max_uses;
	dev.max_age_days = max_age_days;
	heal_session_device_warnings(&normal, &dev, 0, new_cartridge,
	    uses_before, first_used_at, started_at, out);
}

static void
utc_product_warning(const char *area, const char *product, double avoid_after_h,
    int64_t last_treated, int64_t p, struct heal_warnings *out)
{
	struct heal_application a;
	struct heal_treatment   last;

	memset(&a, 0, sizeof(a));
	memset(&last, 0, sizeof(last));
	a.at = p;
	heal_display_name(product, "", a.product, sizeof(a.product));
	last.at = last_treated;
	heal_application_warning(&normal, area, &a, avoid_after_h, &last, out);
}

static void
utc_checkin_warnings(const struct heal_rules *r, const char *area,
    const struct heal_checkin *c, int64_t treated_before,
    struct heal_warnings *out)
{
	struct heal_treatment before;

	memset(&before, 0, sizeof(before));
	before.at = treated_before;
	heal_checkin_area_warnings(r, &normal, area, c, &before, out);
}

static const struct heal_category *
cat(const char *slug)
{
	size_t i;

	for (i = 0; i < NELEM(cats); i++)
		if (strcmp(cats[i].slug, slug) == 0)
			return &cats[i];
	ck_abort_msg("no category %s", slug);
	return NULL;
}

/* An area's history, as the store would fill it. */
struct hist {
	struct heal_area_history h;
	struct heal_treatment    t[64];
	struct heal_application  a[64];
};

static void
hist_init(struct hist *x, const char *slug)
{
	memset(x, 0, sizeof(*x));
	snprintf(x->h.slug, sizeof(x->h.slug), "%s", slug);
	x->h.treatments = x->t;
	x->h.applications = x->a;
	x->h.last_session_at = HEAL_NONE;
	x->h.latest.at = HEAL_NONE;
	x->h.treated_before_latest = HEAL_NONE;
}

static void
hist_treat(struct hist *x, int64_t at, double depth)
{
	ck_assert_uint_lt(x->h.ntreatments, NELEM(x->t));
	x->t[x->h.ntreatments].at = at;
	x->t[x->h.ntreatments].depth_mm = depth;
	x->h.ntreatments++;
	if (x->h.last_session_at == HEAL_NONE || at > x->h.last_session_at) {
		x->h.last_session_at = at;
		x->h.last_depth_mm = depth;
	}
}

static void
hist_apply(struct hist *x, int64_t at, const char *product, const char *c)
{
	struct heal_application *a;

	ck_assert_uint_lt(x->h.napplications, NELEM(x->a));
	a = &x->a[x->h.napplications++];
	a->at = at;
	a->stop_before_h = cat(c)->stop_before_h;
	snprintf(a->product, sizeof(a->product), "%s", product);
	snprintf(a->category, sizeof(a->category), "%s", c);
}

/* Make this the latest check-in; treated_before_latest follows. */
static void
hist_checkin(struct hist *x, int64_t at, int redness, int swelling,
    int infection, uint32_t conditions)
{
	size_t i;

	x->h.latest.at = at;
	x->h.latest.redness = redness;
	x->h.latest.swelling = swelling;
	x->h.latest.pain = 0;
	x->h.latest.infection_signs = infection;
	x->h.latest.conditions = conditions;
	x->h.treated_before_latest = HEAL_NONE;
	for (i = 0; i < x->h.ntreatments; i++)
		if (x->t[i].at <= at &&
		    (x->h.treated_before_latest == HEAL_NONE ||
		        x->t[i].at > x->h.treated_before_latest))
			x->h.treated_before_latest = x->t[i].at;
}

static void
hist_rest(struct hist *x, size_t cond, int64_t last_listed, int64_t first_clear)
{
	struct heal_rest *r;

	ck_assert_uint_lt(x->h.nrests, HEAL_MAX_CONDITIONS);
	r = &x->h.rests[x->h.nrests++];
	r->condition = cond;
	r->last_listed = last_listed;
	r->first_clear = first_clear;
}

static size_t
count_code(const struct heal_warnings *w, enum heal_warning_code code)
{
	size_t i, n = 0;

	for (i = 0; i < w->n; i++)
		if (w->w[i].code == code)
			n++;
	return n;
}

static const struct heal_warning *
find_code(const struct heal_warnings *w, enum heal_warning_code code)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->w[i].code == code)
			return &w->w[i];
	return NULL;
}

/* Whether s is well-formed UTF-8 (no overlong or surrogate checks). */
static int
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t               need, i;

	while (*p != '\0') {
		if (*p < 0x80)
			need = 0;
		else if ((*p & 0xe0) == 0xc0)
			need = 1;
		else if ((*p & 0xf0) == 0xe0)
			need = 2;
		else if ((*p & 0xf8) == 0xf0)
			need = 3;
		else
			return 0;
		for (i = 1; i <= need; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += need + 1;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* §1 rules */

static const struct {
	double depth;
	double hours; /* < 0: no band */
} bands[] = { { 0.01, 72 }, { 0.25, 72 }, { 0.30, 72 },
	{ 0.1 + 0.2, 72 }, /* 0.30000000000000004 */
	{ 0.31, 336 }, { 0.50, 336 }, { 0.51, 504 }, { 0.75, 504 },
	{ 0.76, 672 }, { 1.00, 672 }, { 1.01, 1008 }, { 1.50, 1008 },
	{ 1.51, 1008 }, { 2.00, 1008 }, { 2.01, 1344 }, { 3.00, 1344 },
	{ 3.01, -1 }, { 0, -1 }, { -0.5, -1 } };

START_TEST(test_bands)
{
	int64_t want;

	want = bands[_i].hours < 0 ? -1 : (int64_t)bands[_i].hours * HOUR;
	ck_assert_msg(heal_interval(&rules, &normal, bands[_i].depth) == want,
	    "depth %.17g: got %lld, want %lld", bands[_i].depth,
	    (long long)heal_interval(&rules, &normal, bands[_i].depth),
	    (long long)want);
}
END_TEST

static const struct {
	struct heal_profile p;
	int                 sensitive;
} skins[] = {
	{ { 0, 0, 0, "" }, 0 },
	{ { 1, 0, 0, "" }, 0 },
	{ { 2, 0, 0, "" }, 0 },
	{ { 3, 0, 0, "" }, 0 },
	{ { 4, 0, 0, "" }, 1 },
	{ { 5, 0, 0, "" }, 1 },
	{ { 6, 0, 0, "" }, 1 },
	{ { 3, 1, 0, "" }, 1 },
	{ { 3, 0, 1, "" }, 1 },
	{ { 0, 0, 1, "" }, 1 },
	{ { 0, 1, 0, "" }, 1 },
};

/* The skin factor reaches the interval, the window and ready_at. */
START_TEST(test_skin_factor)
{
	const struct heal_profile *p = &skins[_i].p;
	struct heal_readiness      r;
	struct hist                x;
	int64_t                    t = ts("2026-03-01T09:00:00Z");

	ck_assert_int_eq(heal_sensitive(&rules, p), skins[_i].sensitive);
	ck_assert(
	    heal_skin_factor(&rules, p) == (skins[_i].sensitive ? 1.5 : 1.0));
	ck_assert_int_eq(heal_interval(&rules, p, 0.5),
	    (skins[_i].sensitive ? 21 : 14) * DAY);
	ck_assert_int_eq(heal_interval(&rules, p, 0.3),
	    (skins[_i].sensitive ? 108 : 72) * HOUR);
	ck_assert_int_eq(
	    heal_window(&rules, p), (skins[_i].sensitive ? 84 : 56) * DAY);

	hist_init(&x, "forehead");
	hist_treat(&x, t, 0.5);
	heal_area_readiness(&rules, p, &x.h, t, &r);
	ck_assert_time(r.ready_at,
	    skins[_i].sensitive ? "2026-03-22T09:00:00Z"
	                        : "2026-03-15T09:00:00Z");
	ck_assert_str_eq(r.reasons[0].message,
	    skins[_i].sensitive ? "0.5 mm on 1 Mar: 14 days \u00d7 1.5 for "
	                          "sensitive skin = 21 days"
	                        : "0.5 mm on 1 Mar: 14 days to heal");
}
END_TEST

static const struct {
	double  h;
	int64_t secs;
} hours[] = {
	{ 72, 259200 },
	{ 4380, 15768000 },
	{ 0.5, 1800 },
	{ 1.0 / 3600, 1 },
	{ 0.0001, 0 }, /* 0.36 s */
	{ 0.0002, 1 }, /* 0.72 s */
	{ 72 * 1.5, 388800 },
	{ 0, 0 },
};

START_TEST(test_hours)
{
	ck_assert_int_eq(heal_hours(hours[_i].h), hours[_i].secs);
}
END_TEST

static const struct {
	struct heal_checkin c;
	int                 inflamed, clear;
} checkins[] = {
	{ { 1, 0, 0, 0, 0, 0, 0 }, 0, 1 },
	{ { 1, 1, 0, 0, 0, 0, 0 }, 1, 0 },
	{ { 1, 0, 1, 0, 0, 0, 0 }, 1, 0 },
	{ { 1, 0, 0, 0, 1, 0, 0 }, 1, 0 },
	{ { 1, 0, 0, 3, 0, 0, 0 }, 0, 1 }, /* pain alone */
	{ { 1, 0, 0, 0, 0, 1u << C_COLD_SORE, 0 }, 0, 0 },
	{ { 1, 3, 3, 3, 1, 1u << C_SUNBURN, 0 }, 1, 0 },
	{ { HEAL_NONE, 0, 0, 0, 0, 0, 0 }, 0, 0 }, /* no check-in */
	{ { HEAL_NONE, 2, 0, 0, 0, 0, 0 }, 0, 0 },
};

START_TEST(test_inflamed_clear)
{
	ck_assert_int_eq(
	    !!heal_inflamed(&checkins[_i].c), checkins[_i].inflamed);
	ck_assert_int_eq(!!heal_clear(&checkins[_i].c), checkins[_i].clear);
}
END_TEST

static const struct {
	enum heal_warning_code code;
	const char            *name;
	enum heal_severity     severity;
} wnames[] = {
	{ HEAL_W_EARLY_SESSION, "early_session", HEAL_WARNING },
	{ HEAL_W_BLOCKED_AREA, "blocked_area", HEAL_DANGER },
	{ HEAL_W_TOO_DEEP, "too_deep", HEAL_WARNING },
	{ HEAL_W_PIGMENTATION_RISK, "pigmentation_risk", HEAL_WARNING },
	{ HEAL_W_DEVICE_WORN, "device_worn", HEAL_WARNING },
	{ HEAL_W_CARTRIDGE_REUSED, "cartridge_reused", HEAL_DANGER },
	{ HEAL_W_PRODUCT_TOO_SOON, "product_too_soon", HEAL_WARNING },
	{ HEAL_W_PROLONGED_INFLAMMATION, "prolonged_inflammation",
	    HEAL_WARNING },
	{ HEAL_W_SEE_CLINICIAN, "see_clinician", HEAL_DANGER },
};

START_TEST(test_warning_names)
{
	ck_assert_str_eq(heal_warning_name(wnames[_i].code), wnames[_i].name);
}
END_TEST

START_TEST(test_other_names)
{
	ck_assert_str_eq(heal_reason_name(HEAL_R_HEALING), "healing");
	ck_assert_str_eq(heal_reason_name(HEAL_R_PRODUCT), "product");
	ck_assert_str_eq(heal_reason_name(HEAL_R_INFLAMMATION), "inflammation");
	ck_assert_str_eq(heal_reason_name(HEAL_R_CONDITION), "condition");
	ck_assert_str_eq(heal_severity_name(HEAL_INFO), "info");
	ck_assert_str_eq(heal_severity_name(HEAL_WARNING), "warning");
	ck_assert_str_eq(heal_severity_name(HEAL_DANGER), "danger");
}
END_TEST

/* ------------------------------------------------------------------ */
/* §6 readiness */

START_TEST(test_empty_history)
{
	struct heal_readiness r;
	struct hist           x;

	hist_init(&x, "forehead");
	heal_area_readiness(
	    &rules, &normal, &x.h, ts("2026-03-01T09:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_time(r.ready_at, "null");
	ck_assert_time(r.last_session_at, "null");
	ck_assert_uint_eq(r.nreasons, 0);
	ck_assert_uint_eq(r.warnings.n, 0);
}
END_TEST

/* Every band: not ready one second before ready_at, ready exactly at it. */
static const struct {
	double      depth;
	const char *ready_at;
} edges[] = {
	{ 0.30, "2026-03-04T09:00:00Z" },
	{ 0.31, "2026-03-15T09:00:00Z" },
	{ 0.50, "2026-03-15T09:00:00Z" },
	{ 0.51, "2026-03-22T09:00:00Z" },
	{ 0.75, "2026-03-22T09:00:00Z" },
	{ 1.00, "2026-03-29T09:00:00Z" },
	{ 1.50, "2026-04-12T09:00:00Z" },
	{ 2.00, "2026-04-12T09:00:00Z" },
	{ 3.00, "2026-04-26T09:00:00Z" },
};

START_TEST(test_ready_edge)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-03-01T09:00:00Z");
	int64_t               at = ts(edges[_i].ready_at);

	hist_init(&x, "forehead");
	hist_treat(&x, t, edges[_i].depth);

	heal_area_readiness(&rules, &normal, &x.h, at - 1, &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_time(r.ready_at, edges[_i].ready_at);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_HEALING);
	ck_assert_time(r.reasons[0].until, edges[_i].ready_at);

	heal_area_readiness(&rules, &normal, &x.h, at, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_time(r.ready_at, edges[_i].ready_at);
	ck_assert_uint_eq(r.nreasons, 0);
}
END_TEST

/* Worked example 1. */
START_TEST(test_example_1)
{
	struct heal_readiness r;
	struct hist           x;

	hist_init(&x, "forehead");
	hist_treat(&x, ts("2026-03-01T09:00:00Z"), 0.5);
	heal_area_readiness(
	    &rules, &normal, &x.h, ts("2026-03-01T09:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "2026-03-15T09:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_HEALING);
	ck_assert_time(r.last_session_at, "2026-03-01T09:00:00Z");
	ck_assert(r.last_depth_mm == 0.5);
}
END_TEST

/* Worked example 2: a touch-up does not shorten the first interval. */
START_TEST(test_example_2)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	int64_t               t2 = ts("2026-03-05T09:00:00Z");

	hist_init(&x, "forehead");
	hist_treat(&x, ts("2026-03-01T09:00:00Z"), 0.5);
	heal_area_readiness(&rules, &normal, &x.h, t2, &r);
	heal_session_area_warnings(
	    &rules, &normal, "forehead", &r, 0.25, 0.50, 1, t2, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_EARLY_SESSION);
	ck_assert_int_eq(w.w[0].severity, HEAL_WARNING);
	ck_assert_str_eq(w.w[0].area, "forehead");
	ck_assert_time(w.w[0].until, "2026-03-15T09:00:00Z");
	ck_assert_str_eq(
	    w.w[0].message, "forehead is healing until 15 Mar 09:00 UTC");

	hist_treat(&x, t2, 0.25);
	heal_area_readiness(&rules, &normal, &x.h, t2, &r);
	ck_assert_time(r.ready_at, "2026-03-15T09:00:00Z");
	ck_assert_uint_eq(r.nreasons, 2);
	ck_assert_time(r.reasons[0].until, "2026-03-15T09:00:00Z");
	ck_assert_time(r.reasons[1].until, "2026-03-08T09:00:00Z");
	ck_assert_time(r.last_session_at, "2026-03-05T09:00:00Z");
	ck_assert(r.last_depth_mm == 0.25);

	heal_area_readiness(
	    &rules, &normal, &x.h, ts("2026-03-08T09:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "2026-03-15T09:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
}
END_TEST

/* Worked example 3: a product on an area treated long ago. */
START_TEST(test_example_3)
{
	struct heal_readiness r;
	struct hist           x;

	hist_init(&x, "cheeks");
	hist_treat(&x, ts("2026-01-05T08:00:00Z"), 0.5);
	hist_apply(&x, ts("2026-03-10T21:00:00Z"), "Retinol serum", "retinoid");
	heal_area_readiness(
	    &rules, &normal, &x.h, ts("2026-03-11T08:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "2026-03-17T21:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_PRODUCT);
	ck_assert_time(r.reasons[0].until, "2026-03-17T21:00:00Z");
	ck_assert_str_eq(r.reasons[0].message,
	    "Retinol serum (retinoid) on "
	    "10 Mar 21:00 UTC: stop 7 days before needling");
}
END_TEST

/* Worked example 4: Fitzpatrick V, 1.0 mm at home on cheeks. */
START_TEST(test_example_4)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	int64_t               t = ts("2026-04-01T00:00:00Z");

	hist_init(&x, "cheeks");
	heal_area_readiness(&rules, &fitz5, &x.h, t, &r);
	ck_assert_int_eq(r.ready, 1);
	heal_session_area_warnings(
	    &rules, &fitz5, "cheeks", &r, 1.0, 0.50, 1, t, &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_int_eq(w.w[0].code, HEAL_W_TOO_DEEP);
	ck_assert_int_eq(w.w[1].code, HEAL_W_PIGMENTATION_RISK);
	ck_assert_str_eq(w.w[0].message,
	    "1 mm is deeper than the 0.5 mm home limit for cheeks");
	ck_assert_time(w.w[0].until, "null");
	ck_assert_time(w.w[1].until, "null");
	ck_assert_str_eq(w.w[1].area, "cheeks");

	hist_treat(&x, t, 1.0);
	heal_area_readiness(&rules, &fitz5, &x.h, t, &r);
	ck_assert_time(r.ready_at, "2026-05-13T00:00:00Z");
	ck_assert_str_eq(r.reasons[0].message,
	    "1 mm on 1 Apr: 28 days \u00d7 1.5 for sensitive skin = 42 days");
}
END_TEST

/* Worked example 5: inflammation blocks, a clear check-in ends it. */
START_TEST(test_example_5)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	int64_t               ci = ts("2026-05-04T10:00:00Z");

	hist_init(&x, "cheeks");
	hist_treat(&x, ts("2026-05-01T08:00:00Z"), 1.0);
	hist_checkin(&x, ci, 2, 0, 0, 0);

	utc_checkin_warnings(
	    &rules, "cheeks", &x.h.latest, x.h.treated_before_latest, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_PROLONGED_INFLAMMATION);

	heal_area_readiness(&rules, &normal, &x.h, ci, &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "null");
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_INFLAMMATION);
	ck_assert_time(r.reasons[0].until, "null");
	ck_assert_str_eq(r.reasons[0].message,
	    "redness 2 at "
	    "check-in 4 May 10:00 UTC: wait for a clear check-in");
	/* The healing reason is still listed, after the blocking one. */
	ck_assert_uint_eq(r.nreasons, 2);
	ck_assert_int_eq(r.reasons[1].code, HEAL_R_HEALING);
	ck_assert_uint_eq(r.warnings.n, 1);
	ck_assert_int_eq(r.warnings.w[0].code, HEAL_W_PROLONGED_INFLAMMATION);
	ck_assert_str_eq(r.warnings.w[0].area, "cheeks");

	hist_checkin(&x, ts("2026-05-06T10:00:00Z"), 0, 0, 0, 0);
	heal_area_readiness(
	    &rules, &normal, &x.h, ts("2026-05-06T10:00:00Z"), &r);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "2026-05-29T08:00:00Z");
	ck_assert_uint_eq(r.warnings.n, 0);

	heal_area_readiness(
	    &rules, &normal, &x.h, ts("2026-05-29T08:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 1);
}
END_TEST

/*
 * A deep session and a later touch-up, in either order in the input:
 * both count, the deep one first.
 */
START_TEST(test_touch_up)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-06-01T08:00:00Z");

	hist_init(&x, "neck");
	if (_i == 0) {
		hist_treat(&x, t, 1.0);
		hist_treat(&x, t + 5 * DAY, 0.25);
	} else {
		hist_treat(&x, t + 5 * DAY, 0.25);
		hist_treat(&x, t, 1.0);
	}
	heal_area_readiness(&rules, &normal, &x.h, t + 6 * DAY, &r);
	ck_assert_time(r.ready_at, "2026-06-29T08:00:00Z");
	ck_assert_uint_eq(r.nreasons, 2);
	ck_assert_str_eq(
	    r.reasons[0].message, "1 mm on 1 Jun: 28 days to heal");
	ck_assert_str_eq(
	    r.reasons[1].message, "0.25 mm on 6 Jun: 3 days to heal");
	ck_assert_time(r.last_session_at, "2026-06-06T08:00:00Z");
	ck_assert(r.last_depth_mm == 0.25);

	heal_area_readiness(&rules, &normal, &x.h, t + 9 * DAY, &r);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_time(r.ready_at, "2026-06-29T08:00:00Z");
}
END_TEST

/* Treatment, product and condition rest on one area. */
START_TEST(test_treatment_product_rest)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-06-01T08:00:00Z");

	hist_init(&x, "chin");
	hist_treat(&x, t, 0.5); /* until t + 14 d */
	hist_apply(&x, t + 10 * DAY, "Tretinoin", "retinoid"); /* t + 17 d */
	hist_checkin(&x, t + 2 * DAY, 0, 0, 0, 1u << C_COLD_SORE);
	hist_checkin(&x, t + 5 * DAY, 0, 0, 0, 0);
	hist_rest(&x, C_COLD_SORE, t + 2 * DAY, t + 5 * DAY); /* t + 19 d */

	heal_area_readiness(&rules, &normal, &x.h, t + 11 * DAY, &r);
	ck_assert_time(r.ready_at, "2026-06-20T08:00:00Z");
	ck_assert_uint_eq(r.nreasons, 3);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_CONDITION);
	ck_assert_int_eq(r.reasons[1].code, HEAL_R_PRODUCT);
	ck_assert_int_eq(r.reasons[2].code, HEAL_R_HEALING);
	ck_assert_str_eq(
	    r.reasons[0].message, "cold sore cleared 6 Jun: rest 14 days");

	heal_area_readiness(&rules, &normal, &x.h, t + 15 * DAY, &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_uint_eq(r.nreasons, 2);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_CONDITION);
	ck_assert_int_eq(r.reasons[1].code, HEAL_R_PRODUCT);

	heal_area_readiness(&rules, &normal, &x.h, t + 19 * DAY, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_uint_eq(r.nreasons, 0);
	ck_assert_time(r.ready_at, "2026-06-20T08:00:00Z");
}
END_TEST

/* Equal untils: healing before product, whatever the input order. */
START_TEST(test_tie_order)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-06-01T08:00:00Z");

	hist_init(&x, "chin");
	/* 0.5 mm: until t + 14 d; scrub at t + 11 d: until t + 14 d. */
	hist_apply(&x, t + 11 * DAY, "Walnut scrub", "scrub");
	hist_treat(&x, t, 0.5);
	heal_area_readiness(&rules, &normal, &x.h, t + 12 * DAY, &r);
	ck_assert_uint_eq(r.nreasons, 2);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_HEALING);
	ck_assert_int_eq(r.reasons[1].code, HEAL_R_PRODUCT);
	ck_assert_int_eq(r.reasons[0].until, r.reasons[1].until);
}
END_TEST

/* Categories whose stop_before_h is 0 add nothing, treated or not. */
static const char *const zero_wait[] = { "makeup", "fragrance",
	"chemical_sunscreen", "minoxidil", "hyaluronic_acid", "peptide",
	"growth_factor", "moisturizer", "other" };

START_TEST(test_product_zero_wait)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-06-01T08:00:00Z");

	ck_assert(cat(zero_wait[_i])->stop_before_h == 0);
	hist_init(&x, "cheeks");
	hist_apply(&x, t, "Something", zero_wait[_i]);
	heal_area_readiness(&rules, &normal, &x.h, t, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_time(r.ready_at, "null");
	ck_assert_uint_eq(r.nreasons, 0);

	hist_treat(&x, t - 20 * DAY, 0.5);
	heal_area_readiness(&rules, &normal, &x.h, t, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_time(r.ready_at, "2026-05-26T08:00:00Z");
	ck_assert_uint_eq(r.nreasons, 0);
}
END_TEST

/* A never-treated area is subject to §3. */
static const struct {
	const char *category;
	const char *ready_at;
	const char *wait;
	const char *name; /* in the message */
} stops[] = {
	{ "retinoid", "2026-06-08T08:00:00Z", "7 days", "retinoid" },
	{ "exfoliating_acid", "2026-06-08T08:00:00Z", "7 days",
	    "exfoliating acid" },
	{ "benzoyl_peroxide", "2026-06-08T08:00:00Z", "7 days",
	    "benzoyl peroxide" },
	{ "hydroquinone", "2026-06-08T08:00:00Z", "7 days", "hydroquinone" },
	{ "vitamin_c", "2026-06-02T08:00:00Z", "1 day",
	    "vitamin C (L-ascorbic acid)" },
	{ "scrub", "2026-06-04T08:00:00Z", "3 days", "scrub" },
	{ "oral_isotretinoin", "2026-11-30T20:00:00Z", "182 days 12 h",
	    "oral isotretinoin" },
};

START_TEST(test_product_never_treated)
{
	struct heal_readiness r;
	struct hist           x;
	char                  want[HEAL_MSG_LEN];
	int64_t               t = ts("2026-06-01T08:00:00Z");
	int64_t               until = ts(stops[_i].ready_at);

	hist_init(&x, "forehead");
	hist_apply(&x, t, "P", stops[_i].category);
	heal_area_readiness(&rules, &normal, &x.h, until - 1, &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, stops[_i].ready_at);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_PRODUCT);
	snprintf(want, sizeof(want),
	    "P (%s) on 1 Jun 08:00 UTC: stop %s "
	    "before needling",
	    stops[_i].name, stops[_i].wait);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_time(r.last_session_at, "null");

	heal_area_readiness(&rules, &normal, &x.h, until, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_uint_eq(r.nreasons, 0);
}
END_TEST

/* The latest check-in: what blocks and what does not. */
static const struct {
	int         redness, swelling, pain, infection;
	int         blocked;
	const char *message;
} inflams[] = {
	{ 1, 0, 0, 0, 1,
	    "redness 1 at check-in 4 May 10:00 UTC: "
	    "wait for a clear check-in" },
	{ 0, 2, 0, 0, 1,
	    "swelling 2 at check-in 4 May 10:00 UTC: "
	    "wait for a clear check-in" },
	{ 0, 0, 0, 1, 1,
	    "signs of infection at check-in "
	    "4 May 10:00 UTC: wait for a clear check-in" },
	{ 3, 1, 2, 1, 1,
	    "redness 3, swelling 1, signs of infection at check-in "
	    "4 May 10:00 UTC: wait for a clear check-in" },
	{ 0, 3, 0, 1, 1,
	    "swelling 3, signs of infection at check-in "
	    "4 May 10:00 UTC: wait for a clear check-in" },
	{ 0, 0, 3, 0, 0, NULL },
	{ 0, 0, 0, 0, 0, NULL },
};

START_TEST(test_inflammation)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               ci = ts("2026-05-04T10:00:00Z");

	hist_init(&x, "cheeks");
	hist_checkin(&x, ci, inflams[_i].redness, inflams[_i].swelling,
	    inflams[_i].infection, 0);
	x.h.latest.pain = inflams[_i].pain;
	heal_area_readiness(&rules, &normal, &x.h, ci + 30 * DAY, &r);
	ck_assert_int_eq(r.blocked, inflams[_i].blocked);
	ck_assert_int_eq(r.ready, !inflams[_i].blocked);
	ck_assert_time(r.ready_at, "null");
	if (inflams[_i].blocked) {
		ck_assert_uint_eq(r.nreasons, 1);
		ck_assert_int_eq(r.reasons[0].code, HEAL_R_INFLAMMATION);
		ck_assert_time(r.reasons[0].until, "null");
		ck_assert_str_eq(r.reasons[0].message, inflams[_i].message);
	} else
		ck_assert_uint_eq(r.nreasons, 0);
	/* Standing warning: infection signs without any treatment. */
	ck_assert_uint_eq(count_code(&r.warnings, HEAL_W_SEE_CLINICIAN),
	    inflams[_i].infection ? 1 : 0);
}
END_TEST

/* Blocking overrides ready_at even with an expired healing constraint. */
START_TEST(test_blocked_hides_ready_at)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-05-01T08:00:00Z");

	hist_init(&x, "cheeks");
	hist_treat(&x, t, 0.25);
	hist_checkin(&x, t + 30 * DAY, 1, 0, 0, 0);
	heal_area_readiness(&rules, &normal, &x.h, t + 31 * DAY, &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "null");
	ck_assert_uint_eq(r.nreasons, 1);
	/* 30 days after: prolonged and see_clinician stand. */
	ck_assert_uint_eq(r.warnings.n, 2);
	ck_assert_int_eq(r.warnings.w[0].code, HEAL_W_PROLONGED_INFLAMMATION);
	ck_assert_int_eq(r.warnings.w[1].code, HEAL_W_SEE_CLINICIAN);
	ck_assert_int_eq(r.warnings.w[1].severity, HEAL_DANGER);
}
END_TEST

/* The fixture's conditions as messages name them. */
static const char *const cond_names[] = { [C_ACTIVE_ACNE] = "active acne",
	[C_COLD_SORE] = "cold sore",
	[C_SUNBURN] = "sunburn",
	[C_OPEN_WOUND] = "open wound",
	[C_ECZEMA_FLARE] = "eczema flare-up" };

START_TEST(test_condition_blocks)
{
	struct heal_readiness r;
	struct hist           x;
	char                  want[HEAL_MSG_LEN];
	int64_t               ci = ts("2026-05-04T10:00:00Z");

	hist_init(&x, "chin");
	hist_checkin(&x, ci, 0, 0, 0, 1u << _i);
	heal_area_readiness(&rules, &normal, &x.h, ci + 60 * DAY, &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "null");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_CONDITION);
	ck_assert_time(r.reasons[0].until, "null");
	snprintf(want, sizeof(want),
	    "%s at check-in 4 May: wait until it has cleared", cond_names[_i]);
	ck_assert_str_eq(r.reasons[0].message, want);
	/* A condition is not inflammation: no standing warning. */
	ck_assert_uint_eq(r.warnings.n, 0);
}
END_TEST

/* Several blocking reasons come first, inflammation before conditions. */
START_TEST(test_several_blocking)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-05-01T08:00:00Z");

	hist_init(&x, "chin");
	hist_treat(&x, t, 1.0);
	hist_checkin(
	    &x, t + DAY, 1, 0, 0, (1u << C_COLD_SORE) | (1u << C_SUNBURN));
	heal_area_readiness(&rules, &normal, &x.h, t + DAY, &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_time(r.ready_at, "null");
	ck_assert_uint_eq(r.nreasons, 4);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_INFLAMMATION);
	ck_assert_int_eq(r.reasons[1].code, HEAL_R_CONDITION);
	ck_assert_int_eq(r.reasons[2].code, HEAL_R_CONDITION);
	ck_assert_str_eq(r.reasons[1].message,
	    "cold sore at check-in 2 May: wait until it has cleared");
	ck_assert_str_eq(r.reasons[2].message,
	    "sunburn at check-in 2 May: wait until it has cleared");
	ck_assert_int_eq(r.reasons[3].code, HEAL_R_HEALING);
	/* 24 h after the session: not prolonged yet. */
	ck_assert_uint_eq(r.warnings.n, 0);
}
END_TEST

/* cold_sore and sunburn: 14 days from the first clear check-in. */
static const size_t rest_conds[] = { C_COLD_SORE, C_SUNBURN };

START_TEST(test_rest)
{
	struct heal_readiness r;
	struct hist           x;
	char                  want[HEAL_MSG_LEN];
	int64_t               listed = ts("2026-05-04T10:00:00Z");
	int64_t               clear = ts("2026-05-06T18:00:00Z");
	size_t                c = rest_conds[_i];

	hist_init(&x, "upper-lip");
	hist_checkin(&x, listed, 0, 0, 0, 1u << c);
	hist_rest(&x, c, listed, HEAL_NONE);
	heal_area_readiness(&rules, &normal, &x.h, listed, &r);
	ck_assert_int_eq(r.blocked, 1);

	hist_checkin(&x, clear, 0, 0, 0, 0);
	x.h.rests[0].first_clear = clear;
	heal_area_readiness(&rules, &normal, &x.h, clear + 14 * DAY - 1, &r);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "2026-05-20T18:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_CONDITION);
	snprintf(want, sizeof(want), "%s cleared 6 May: rest 14 days",
	    cond_names[c]);
	ck_assert_str_eq(r.reasons[0].message, want);

	heal_area_readiness(&rules, &normal, &x.h, clear + 14 * DAY, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_uint_eq(r.nreasons, 0);
}
END_TEST

/* Conditions with rest_h 0 and rests not yet cleared add nothing. */
START_TEST(test_rest_none)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-05-04T10:00:00Z");

	hist_init(&x, "chin");
	hist_checkin(&x, t + DAY, 0, 0, 0, 0);
	hist_rest(&x, C_ACTIVE_ACNE, t, t + DAY);
	hist_rest(&x, C_OPEN_WOUND, t, t + DAY);
	hist_rest(&x, C_COLD_SORE, HEAL_NONE, HEAL_NONE);
	heal_area_readiness(&rules, &normal, &x.h, t + DAY, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_time(r.ready_at, "null");
	ck_assert_uint_eq(r.nreasons, 0);
}
END_TEST

/*
 * 40 constraints in force: the 32 latest are kept, latest first, and
 * ready_at is the latest of all, whether the input comes oldest first,
 * newest first (the last 8 must be dropped) or scrambled.
 */
START_TEST(test_reasons_cap)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-06-01T08:00:00Z");
	size_t                i, k;

	hist_init(&x, "back");
	for (i = 0; i < 40; i++) {
		if (_i == 0)
			k = i;
		else if (_i == 1)
			k = 39 - i;
		else
			k = (i * 7) % 40; /* a permutation of 0..39 */
		hist_treat(&x, t + (int64_t)k * 60, 0.25);
	}
	heal_area_readiness(&rules, &normal, &x.h, t + 40 * 60, &r);
	ck_assert_uint_eq(r.nreasons, HEAL_MAX_REASONS);
	ck_assert_int_eq(r.ready_at, t + 39 * 60 + 72 * HOUR);
	for (i = 0; i < r.nreasons; i++)
		ck_assert_int_eq(
		    r.reasons[i].until, t + (int64_t)(39 - i) * 60 + 72 * HOUR);
	ck_assert_time(r.last_session_at, "2026-06-01T08:39:00Z");
}
END_TEST

/* With all constraints past, ready_at is still the latest of them. */
START_TEST(test_ready_at_expired)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-06-01T08:00:00Z");

	hist_init(&x, "back");
	hist_treat(&x, t, 1.0);
	hist_treat(&x, t + 2 * DAY, 0.25);
	hist_apply(&x, t + 20 * DAY, "Glycolic toner", "exfoliating_acid");
	heal_area_readiness(&rules, &normal, &x.h, t + 100 * DAY, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_time(r.ready_at, "2026-06-29T08:00:00Z");
	ck_assert_uint_eq(r.nreasons, 0);
}
END_TEST

static const struct {
	double      depth;
	const char *at, *now;
	int         sensitive;
	const char *want;
} healmsgs[] = {
	{ 0.5, "2026-11-14T09:30:00Z", "2026-11-21T10:00:00Z", 0,
	    "0.5 mm on 14 Nov: 14 days to heal" },
	{ 0.25, "2026-11-14T09:30:00Z", "2026-11-15T10:00:00Z", 0,
	    "0.25 mm on 14 Nov: 3 days to heal" },
	{ 1.0, "2026-11-14T09:30:00Z", "2026-11-21T10:00:00Z", 0,
	    "1 mm on 14 Nov: 28 days to heal" },
	{ 1.5, "2026-11-14T09:30:00Z", "2026-11-21T10:00:00Z", 1,
	    "1.5 mm on 14 Nov: 42 days \u00d7 1.5 for sensitive skin = "
	    "63 days" },
	{ 0.3, "2026-11-14T09:30:00Z", "2026-11-15T10:00:00Z", 1,
	    "0.3 mm on 14 Nov: 3 days \u00d7 1.5 for sensitive skin = "
	    "4 days 12 h" },
	{ 0.75, "2025-12-20T09:30:00Z", "2026-01-02T10:00:00Z", 0,
	    "0.75 mm on 20 Dec 2025: 21 days to heal" },
	{ 0.75, "2026-11-30T09:30:00Z", "2026-12-01T10:00:00Z", 1,
	    "0.75 mm on 30 Nov: 21 days \u00d7 1.5 for sensitive skin = "
	    "31 days 12 h" },
};

START_TEST(test_healing_message)
{
	struct heal_readiness r;
	struct heal_profile   p = { 0, healmsgs[_i].sensitive, 0, "" };
	struct hist           x;

	hist_init(&x, "forehead");
	hist_treat(&x, ts(healmsgs[_i].at), healmsgs[_i].depth);
	heal_area_readiness(&rules, &p, &x.h, ts(healmsgs[_i].now), &r);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_str_eq(r.reasons[0].message, healmsgs[_i].want);
}
END_TEST

/* ------------------------------------------------------------------ */
/* §2, §7 session warnings */

START_TEST(test_early_session_message)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	int64_t               now = ts("2026-11-21T09:30:00Z");

	hist_init(&x, "forehead");
	hist_treat(&x, ts("2026-11-14T09:30:00Z"), 0.5);
	heal_area_readiness(&rules, &normal, &x.h, now, &r);
	heal_session_area_warnings(
	    &rules, &normal, "forehead", &r, 0.5, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_EARLY_SESSION);
	ck_assert_str_eq(
	    w.w[0].message, "forehead is healing until 28 Nov 09:30 UTC");
	ck_assert_time(w.w[0].until, "2026-11-28T09:30:00Z");

	/* A product as the latest reason is named. */
	hist_init(&x, "forehead");
	hist_treat(&x, ts("2026-11-14T09:30:00Z"), 0.25);
	hist_apply(&x, now - HOUR, "Retinol serum", "retinoid");
	heal_area_readiness(&rules, &normal, &x.h, now, &r);
	w.n = 0;
	heal_session_area_warnings(
	    &rules, &normal, "forehead", &r, 0.5, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_str_eq(w.w[0].message,
	    "forehead is not ready until "
	    "28 Nov 08:30 UTC: Retinol serum (retinoid) on 21 Nov 08:30 UTC: "
	    "stop 7 days before needling");
	ck_assert_time(w.w[0].until, "2026-11-28T08:30:00Z");
}
END_TEST

START_TEST(test_blocked_area)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	int64_t               now = ts("2026-05-04T12:00:00Z");

	hist_init(&x, "forehead");
	hist_checkin(&x, ts("2026-05-04T10:00:00Z"), 1, 1, 0, 0);
	heal_area_readiness(&rules, &normal, &x.h, now, &r);
	heal_session_area_warnings(
	    &rules, &normal, "forehead", &r, 0.25, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_BLOCKED_AREA);
	ck_assert_int_eq(w.w[0].severity, HEAL_DANGER);
	ck_assert_time(w.w[0].until, "null");
	ck_assert_str_eq(w.w[0].message,
	    "forehead is blocked: redness 1, "
	    "swelling 1 at check-in 4 May 10:00 UTC: wait for a clear "
	    "check-in");
}
END_TEST

START_TEST(test_ready_session_no_warning)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	int64_t               t = ts("2026-11-14T09:30:00Z");

	hist_init(&x, "forehead");
	hist_treat(&x, t, 0.5);
	heal_area_readiness(&rules, &normal, &x.h, t + 14 * DAY, &r);
	heal_session_area_warnings(
	    &rules, &normal, "forehead", &r, 0.5, 0.5, 1, t + 14 * DAY, &w);
	ck_assert_uint_eq(w.n, 0);
}
END_TEST

static const struct {
	double depth, cap;
	int    home, fitzpatrick;
	int    too_deep, pigment;
} depths[] = {
	{ 1.0, 0.50, 1, 0, 1, 0 }, { 0.50, 0.50, 1, 0, 0, 0 },
	{ 0.51, 0.50, 1, 0, 1, 0 }, { 0.25, 0.25, 1, 0, 0, 0 },
	{ 0.1 + 0.2, 0.30, 1, 0, 0, 0 }, { 1.0, 0.50, 0, 0, 0, 0 }, /* clinic */
	{ 0.50, 1.00, 1, 4, 0, 0 }, { 0.51, 1.00, 1, 4, 0, 1 },
	{ 1.0, 0.50, 1, 6, 1, 1 }, { 1.0, 0.50, 1, 3, 1, 0 },
	{ 1.0, 0.50, 0, 5, 0, 0 }, /* clinic, sensitive */
};

START_TEST(test_depth_warnings)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct heal_profile   p = { depths[_i].fitzpatrick, 0, 0, "" };
	struct hist           x;
	int64_t               t = ts("2026-04-01T00:00:00Z");

	hist_init(&x, "arms");
	heal_area_readiness(&rules, &p, &x.h, t, &r);
	heal_session_area_warnings(&rules, &p, "arms", &r, depths[_i].depth,
	    depths[_i].cap, depths[_i].home, t, &w);
	ck_assert_uint_eq(count_code(&w, HEAL_W_TOO_DEEP), depths[_i].too_deep);
	ck_assert_uint_eq(
	    count_code(&w, HEAL_W_PIGMENTATION_RISK), depths[_i].pigment);
	ck_assert_uint_eq(w.n, depths[_i].too_deep + depths[_i].pigment);
}
END_TEST

/* ------------------------------------------------------------------ */
/* §4 check-in warnings */

static const struct {
	int64_t since; /* -1: no treatment before */
	int     redness, infection;
	size_t  prolonged, clinician;
} ciw[] = {
	{ 72 * HOUR, 1, 0, 0, 0 },
	{ 72 * HOUR + 1, 1, 0, 1, 0 },
	{ 168 * HOUR, 1, 0, 1, 0 },
	{ 168 * HOUR + 1, 1, 0, 1, 1 },
	{ 400 * DAY, 1, 0, 1, 1 }, /* no upper bound */
	{ HOUR, 1, 1, 0, 1 },
	{ HOUR, 0, 1, 0, 1 },
	{ 168 * HOUR + 1, 2, 1, 1, 1 }, /* see_clinician once */
	{ 0, 1, 0, 0, 0 },
	{ 200 * HOUR, 0, 0, 0, 0 }, /* not inflamed */
	{ -1, 3, 0, 0, 0 },
	{ -1, 0, 1, 0, 1 },
};

START_TEST(test_checkin_warnings)
{
	struct heal_warnings       w = { .n = 0 };
	struct heal_checkin        c;
	const struct heal_warning *pw;
	int64_t                    at = ts("2026-05-04T10:00:00Z");

	memset(&c, 0, sizeof(c));
	c.at = at;
	c.redness = ciw[_i].redness;
	c.infection_signs = ciw[_i].infection;
	utc_checkin_warnings(&rules, "cheeks", &c,
	    ciw[_i].since < 0 ? HEAL_NONE : at - ciw[_i].since, &w);
	ck_assert_uint_eq(
	    count_code(&w, HEAL_W_PROLONGED_INFLAMMATION), ciw[_i].prolonged);
	ck_assert_uint_eq(
	    count_code(&w, HEAL_W_SEE_CLINICIAN), ciw[_i].clinician);
	ck_assert_uint_eq(w.n, ciw[_i].prolonged + ciw[_i].clinician);
	if ((pw = find_code(&w, HEAL_W_SEE_CLINICIAN)) != NULL) {
		ck_assert_int_eq(pw->severity, HEAL_DANGER);
		ck_assert_str_eq(pw->area, "cheeks");
		ck_assert_time(pw->until, "null");
	}
	if ((pw = find_code(&w, HEAL_W_PROLONGED_INFLAMMATION)) != NULL)
		ck_assert_int_eq(pw->severity, HEAL_WARNING);
}
END_TEST

START_TEST(test_checkin_messages)
{
	struct heal_warnings w = { .n = 0 };
	struct heal_checkin  c;
	int64_t              at = ts("2026-05-12T10:00:00Z");

	memset(&c, 0, sizeof(c));
	c.at = at;
	c.swelling = 1;
	utc_checkin_warnings(
	    &rules, "cheeks", &c, ts("2026-05-01T08:00:00Z"), &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_str_eq(w.w[0].message,
	    "cheeks still inflamed more than "
	    "3 days after needling on 1 May: let it settle");
	ck_assert_str_eq(w.w[1].message,
	    "cheeks still inflamed more than "
	    "7 days after needling on 1 May: see a clinician");

	c.infection_signs = 1;
	w.n = 0;
	utc_checkin_warnings(&rules, "cheeks", &c, HEAL_NONE, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_str_eq(w.w[0].message,
	    "cheeks shows signs of infection at "
	    "check-in 12 May 10:00 UTC: see a clinician");
}
END_TEST

/* ------------------------------------------------------------------ */
/* §5 devices */

static const struct {
	long long max_uses, max_age_days, uses;
	int64_t   age; /* at - first_used_at; -1: unused */
	int       worn;
} wear[] = {
	{ 12, 42, 11, DAY, 0 },
	{ 12, 42, 12, DAY, 1 },
	{ 12, 42, 13, DAY, 1 },
	{ 12, 42, 1, 42 * DAY, 0 },
	{ 12, 42, 1, 42 * DAY + 1, 1 },
	{ 12, 42, 0, -1, 0 }, /* never used */
	{ -1, -1, 1000, 1000 * DAY, 0 }, /* pen */
	{ -1, 42, 1000, DAY, 0 },
	{ 12, -1, 1, 1000 * DAY, 0 },
	{ 0, 42, 0, -1, 1 },
};

START_TEST(test_device_worn)
{
	int64_t at = ts("2026-06-01T08:00:00Z");

	ck_assert_int_eq(
	    !!heal_device_worn(wear[_i].max_uses, wear[_i].max_age_days,
	        wear[_i].uses, wear[_i].age < 0 ? HEAL_NONE : at - wear[_i].age,
	        at),
	    wear[_i].worn);
}
END_TEST

START_TEST(test_device_warnings)
{
	struct heal_warnings w = { .n = 0 };
	int64_t              at = ts("2026-06-01T08:00:00Z");

	/* A roller used 12 times before. */
	utc_device_warnings("Roller 0.5", 0, 1, 12, 42, 12, at - DAY, at, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_DEVICE_WORN);
	ck_assert_int_eq(w.w[0].severity, HEAL_WARNING);
	ck_assert_str_eq(w.w[0].area, "");
	ck_assert_time(w.w[0].until, "null");
	ck_assert_ptr_nonnull(strstr(w.w[0].message, "Roller 0.5"));

	/* A roller 11 uses, 42 days + 1 s old. */
	w.n = 0;
	utc_device_warnings(
	    "Roller 0.5", 0, 1, 12, 42, 11, at - 42 * DAY - 1, at, &w);
	ck_assert_uint_eq(count_code(&w, HEAL_W_DEVICE_WORN), 1);
	ck_assert_uint_eq(w.n, 1);

	/* A fresh roller: nothing, whatever new_cartridge says. */
	w.n = 0;
	utc_device_warnings(
	    "Roller 0.5", 0, 0, 12, 42, 11, at - 42 * DAY, at, &w);
	ck_assert_uint_eq(w.n, 0);

	/* A pen never wears; a reused cartridge is danger. */
	utc_device_warnings("Pen", 1, 1, -1, -1, 5000, at - 5000 * DAY, at, &w);
	ck_assert_uint_eq(w.n, 0);
	utc_device_warnings("Pen", 1, 0, -1, -1, 5000, at - 5000 * DAY, at, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_CARTRIDGE_REUSED);
	ck_assert_int_eq(w.w[0].severity, HEAL_DANGER);
	ck_assert_time(w.w[0].until, "null");
}
END_TEST

/* ------------------------------------------------------------------ */
/* §3 product_too_soon */

static const struct {
	const char *category;
	int64_t     offset; /* p - last_treated */
	int         treated;
	int         warns;
} soon[] = {
	{ "vitamin_c", 0, 1, 1 }, /* glide serum */
	{ "vitamin_c", 72 * HOUR - 1, 1, 1 },
	{ "vitamin_c", 72 * HOUR, 1, 0 },
	{ "retinoid", 240 * HOUR - 1, 1, 1 },
	{ "retinoid", 240 * HOUR, 1, 0 },
	{ "chemical_sunscreen", 23 * HOUR, 1, 1 },
	{ "vitamin_c", -1, 1, 0 },
	{ "vitamin_c", 0, 0, 0 }, /* never treated */
	{ "hyaluronic_acid", 0, 1, 0 },
	{ "oral_isotretinoin", 0, 1, 0 },
};

START_TEST(test_product_too_soon)
{
	struct heal_warnings        w = { .n = 0 };
	const struct heal_category *c = cat(soon[_i].category);
	int64_t                     t = ts("2026-03-01T09:00:00Z");

	utc_product_warning("forehead", "P", c->avoid_after_h,
	    soon[_i].treated ? t : HEAL_NONE, t + soon[_i].offset, &w);
	ck_assert_uint_eq(w.n, soon[_i].warns);
	if (soon[_i].warns) {
		ck_assert_int_eq(w.w[0].code, HEAL_W_PRODUCT_TOO_SOON);
		ck_assert_int_eq(w.w[0].severity, HEAL_WARNING);
		ck_assert_str_eq(w.w[0].area, "forehead");
		ck_assert_int_eq(
		    w.w[0].until, t + heal_hours(c->avoid_after_h));
	}
}
END_TEST

START_TEST(test_product_too_soon_message)
{
	struct heal_warnings w = { .n = 0 };
	int64_t              t = ts("2026-03-01T09:00:00Z");

	utc_product_warning("forehead", "Vitamin C", 72, t, t + 2 * HOUR, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_str_eq(w.w[0].message,
	    "Vitamin C on forehead 2 h after needling: wait until "
	    "4 Mar 09:00 UTC");
	ck_assert_time(w.w[0].until, "2026-03-04T09:00:00Z");
}
END_TEST

/* ------------------------------------------------------------------ */
/* §8 aftercare */

static const struct {
	const char *area, *category, *until;
} after[] = {
	{ "cheeks", "chemical_sunscreen", "2026-03-02T09:00:00Z" },
	{ "forehead", "chemical_sunscreen", "2026-03-02T09:00:00Z" },
	{ "cheeks", "fragrance", "2026-03-03T09:00:00Z" },
	{ "cheeks", "makeup", "2026-03-03T09:00:00Z" },
	{ "cheeks", "minoxidil", "2026-03-03T09:00:00Z" },
	{ "forehead", "fragrance", "2026-03-03T09:00:00Z" },
	{ "forehead", "makeup", "2026-03-03T09:00:00Z" },
	{ "forehead", "minoxidil", "2026-03-03T09:00:00Z" },
	{ "cheeks", "vitamin_c", "2026-03-04T09:00:00Z" },
	{ "forehead", "vitamin_c", "2026-03-04T09:00:00Z" },
	{ "cheeks", "scrub", "2026-03-06T09:00:00Z" },
	{ "forehead", "scrub", "2026-03-06T09:00:00Z" },
	{ "cheeks", "benzoyl_peroxide", "2026-03-08T09:00:00Z" },
	{ "cheeks", "exfoliating_acid", "2026-03-08T09:00:00Z" },
	{ "cheeks", "hydroquinone", "2026-03-08T09:00:00Z" },
	{ "forehead", "benzoyl_peroxide", "2026-03-08T09:00:00Z" },
	{ "forehead", "exfoliating_acid", "2026-03-08T09:00:00Z" },
	{ "forehead", "hydroquinone", "2026-03-08T09:00:00Z" },
	{ "cheeks", "retinoid", "2026-03-11T09:00:00Z" },
	{ "forehead", "retinoid", "2026-03-11T09:00:00Z" },
};

START_TEST(test_aftercare)
{
	static const char *const areas[] = { "forehead", "cheeks" };
	struct heal_aftercare    out[64];
	size_t                   n, i;

	n = heal_aftercare(cats, NELEM(cats), areas, NELEM(areas),
	    ts("2026-03-01T09:00:00Z"), out, NELEM(out));
	ck_assert_uint_eq(n, NELEM(after));
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(out[i].area, after[i].area);
		ck_assert_str_eq(out[i].category, after[i].category);
		ck_assert_time(out[i].avoid_until, after[i].until);
	}
}
END_TEST

/* A short out array keeps the earliest lines, in order. */
static const size_t after_max[] = { 0, 1, 3, 7, 19, 20 };

START_TEST(test_aftercare_cap)
{
	static const char *const areas[] = { "forehead", "cheeks" };
	struct heal_aftercare    out[21];
	size_t                   n, i, max = after_max[_i];

	memset(out, 0xa5, sizeof(out));
	n = heal_aftercare(cats, NELEM(cats), areas, NELEM(areas),
	    ts("2026-03-01T09:00:00Z"), out, max);
	ck_assert_uint_eq(n, max);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(out[i].area, after[i].area);
		ck_assert_str_eq(out[i].category, after[i].category);
	}
	ck_assert_int_eq((unsigned char)out[max].area[0], 0xa5);
	ck_assert_uint_eq(
	    heal_aftercare(cats, NELEM(cats), areas, 0, 0, out, NELEM(out)), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Limits */

START_TEST(test_warnings_overflow)
{
	struct heal_warnings  w = { .n = 0 };
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-03-01T09:00:00Z");
	int                   i;

	for (i = 0; i < 100; i++)
		utc_product_warning("forehead", "Vitamin C", 72, t, t + i, &w);
	ck_assert_uint_eq(w.n, HEAL_MAX_WARNINGS);
	hist_init(&x, "forehead");
	hist_treat(&x, t, 1.0);
	heal_area_readiness(&rules, &fitz5, &x.h, t, &r);
	heal_session_area_warnings(
	    &rules, &fitz5, "forehead", &r, 1.0, 0.5, 1, t, &w);
	utc_device_warnings("Pen", 1, 0, -1, -1, 0, HEAL_NONE, t, &w);
	utc_checkin_warnings(&rules, "forehead", &x.h.latest, t, &w);
	ck_assert_uint_eq(w.n, HEAL_MAX_WARNINGS);
	ck_assert_int_eq(
	    w.w[HEAL_MAX_WARNINGS - 1].code, HEAL_W_PRODUCT_TOO_SOON);
}
END_TEST

/*
 * Messages and areas longer than their buffers are cut on a UTF-8 boundary,
 * whatever byte the cut falls on: the ASCII prefix of _i bytes shifts a run
 * of 3-byte characters through every position.
 */
START_TEST(test_utf8_truncation)
{
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	char                  longname[400];
	size_t                i, k;
	int64_t               t = ts("2026-03-01T09:00:00Z");

	memset(longname, 'x', (size_t)_i);
	for (i = (size_t)_i; i + 3 < sizeof(longname); i += 3)
		memcpy(longname + i, "\xe2\x82\xac", 3); /* U+20AC */
	longname[i] = '\0';

	hist_init(&x, "forehead");
	hist_apply(&x, t, "Retinol", "retinoid");
	heal_area_readiness(&rules, &normal, &x.h, t, &r);
	heal_session_area_warnings(
	    &rules, &normal, longname, &r, 0.25, 0.5, 1, t, &w);
	/* The product's name is cut to fit a->product, the area is not. */
	utc_product_warning(longname, longname, 72, t, t + 1, &w);
	utc_device_warnings(longname, 1, 0, -1, -1, 0, HEAL_NONE, t, &w);
	ck_assert_uint_eq(w.n, 3);
	for (k = 0; k < w.n; k++) {
		ck_assert(utf8_valid(w.w[k].message));
		ck_assert(utf8_valid(w.w[k].area));
		/* Cut, not dropped: at most a partial character goes. */
		ck_assert_uint_ge(strlen(w.w[k].message), HEAL_MSG_LEN - 4);
		ck_assert_uint_lt(strlen(w.w[k].message), HEAL_MSG_LEN);
		ck_assert_int_eq(
		    strncmp(w.w[k].message, longname, (size_t)_i), 0);
	}
	ck_assert_uint_ge(strlen(w.w[0].area), HEAL_SLUG_LEN - 4);
	ck_assert_int_eq(
	    strncmp(w.w[0].area, longname, strlen(w.w[0].area)), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Words (issue #8): names, durations, facts, merging */

START_TEST(test_display_name)
{
	char buf[HEAL_NAME_LEN], small[6];

	ck_assert_str_eq(
	    heal_display_name("", "cold_sore", buf, sizeof(buf)), "cold sore");
	ck_assert_str_eq(
	    heal_display_name(NULL, "exfoliating_acid", buf, sizeof(buf)),
	    "exfoliating acid");
	ck_assert_str_eq(
	    heal_display_name("Cold sore (HSV)", "cold_sore", buf, sizeof(buf)),
	    "Cold sore (HSV)");
	ck_assert_str_eq(
	    heal_display_name("", "retinoid", buf, sizeof(buf)), "retinoid");
	ck_assert_str_eq(
	    heal_display_name("", "a_b_c_d_e_f", small, sizeof(small)),
	    "a b c");
}
END_TEST

/* The skin factor is said in words, whatever its value; 1 is silent. */
static const struct {
	double      factor;
	const char *want;
} factor_words[] = {
	{ 1.0, "0.5 mm on 1 Mar: 14 days to heal" },
	{ 1.5,
	    "0.5 mm on 1 Mar: 14 days \u00d7 1.5 for sensitive skin = "
	    "21 days" },
	{ 1.25,
	    "0.5 mm on 1 Mar: 14 days \u00d7 1.25 for sensitive skin = "
	    "17 days 12 h" },
	{ 2,
	    "0.5 mm on 1 Mar: 14 days \u00d7 2 for sensitive skin = "
	    "28 days" },
};

START_TEST(test_skin_factor_words)
{
	struct heal_rules     rr = rules;
	struct heal_profile   p = { 0, 1, 0, "" };
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-03-01T09:00:00Z");

	rr.skin_factor = factor_words[_i].factor;
	hist_init(&x, "forehead");
	hist_treat(&x, t, 0.5);
	heal_area_readiness(&rr, &p, &x.h, t, &r);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_str_eq(r.reasons[0].message, factor_words[_i].want);
	ck_assert(r.reasons[0].facts.skin_factor == factor_words[_i].factor);
	ck_assert(r.reasons[0].facts.interval_h == 336);
	ck_assert_int_eq(
	    r.reasons[0].until, t + heal_hours(336 * factor_words[_i].factor));
}
END_TEST

/* Facts nobody set read as absent. */
static void
ck_facts_absent(const struct heal_facts *f)
{
	ck_assert_time(f->at, "null");
	ck_assert_int_eq(f->session_id, 0);
	ck_assert(isnan(f->depth_mm));
	ck_assert(isnan(f->limit_mm));
	ck_assert_int_eq(f->product_id, 0);
	ck_assert_str_eq(f->product, "");
	ck_assert_str_eq(f->category, "");
	ck_assert_int_eq(f->checkin_id, 0);
	ck_assert_str_eq(f->condition, "");
	ck_assert_int_eq(f->redness, -1);
	ck_assert_int_eq(f->swelling, -1);
	ck_assert_int_eq(f->infection_signs, -1);
	ck_assert(isnan(f->interval_h));
	ck_assert(isnan(f->skin_factor));
	ck_assert_int_eq(f->device_id, 0);
	ck_assert_str_eq(f->device, "");
}

START_TEST(test_facts_init)
{
	struct heal_facts f;

	memset(&f, 0xa5, sizeof(f));
	heal_facts_init(&f);
	ck_facts_absent(&f);
}
END_TEST

/* Two sessions at the same time and depth give one reason, counted. */
START_TEST(test_merge_same_session_time)
{
	struct heal_readiness r;
	struct hist           x;
	int64_t               t = ts("2026-06-01T08:00:00Z");
	size_t                n;

	hist_init(&x, "chin");
	hist_treat(&x, t, 0.5);
	x.t[0].session_id = 9;
	hist_treat(&x, t, 0.5);
	x.t[1].session_id = 4;
	hist_treat(&x, t + DAY, 0.25);
	x.t[2].session_id = 10;
	hist_apply(&x, t, "Retinol", "retinoid");
	x.a[0].product_id = 3;
	hist_apply(&x, t, "Retinol", "retinoid");
	x.a[1].product_id = 2;
	heal_area_readiness(&rules, &normal, &x.h, t + DAY, &r);
	ck_assert_uint_eq(r.nreasons, 5);
	for (n = 0; n < r.nreasons; n++)
		ck_assert_uint_eq(r.reasons[n].count, 1);

	n = heal_reasons_merge(r.reasons, r.nreasons);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_HEALING);
	ck_assert_str_eq(
	    r.reasons[0].message, "0.5 mm on 1 Jun: 14 days to heal");
	ck_assert_uint_eq(r.reasons[0].count, 2);
	ck_assert_int_eq(r.reasons[0].facts.session_id, 4); /* lowest */
	ck_assert_int_eq(r.reasons[1].code, HEAL_R_PRODUCT);
	ck_assert_uint_eq(r.reasons[1].count, 2);
	ck_assert_int_eq(r.reasons[1].facts.product_id, 2);
	ck_assert_int_eq(r.reasons[2].code, HEAL_R_HEALING);
	ck_assert_uint_eq(r.reasons[2].count, 1);
	ck_assert_int_eq(r.reasons[2].facts.session_id, 10);
	ck_assert_time(r.reasons[2].until, "2026-06-05T08:00:00Z");
	/* Merging again changes nothing. */
	ck_assert_uint_eq(heal_reasons_merge(r.reasons, n), n);
	ck_assert_uint_eq(r.reasons[0].count, 2);
}
END_TEST

/* Not adjacent, counts added up, different untils or codes kept apart. */
START_TEST(test_merge_list)
{
	struct heal_reason rs[6];
	size_t             i, n;

	memset(rs, 0, sizeof(rs));
	for (i = 0; i < NELEM(rs); i++) {
		rs[i].code = HEAL_R_HEALING;
		rs[i].until = 1000;
		rs[i].count = 1;
		snprintf(rs[i].message, sizeof(rs[i].message), "a");
		heal_facts_init(&rs[i].facts);
		rs[i].facts.session_id = (int64_t)i + 1;
	}
	rs[1].until = 2000; /* other until */
	rs[2].count = 3; /* merged before */
	rs[3].code = HEAL_R_PRODUCT; /* other code */
	snprintf(rs[4].message, sizeof(rs[4].message), "b");
	rs[5].count = 0; /* counts as 1 */
	n = heal_reasons_merge(rs, NELEM(rs));
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(rs[0].facts.session_id, 1);
	ck_assert_uint_eq(rs[0].count, 5);
	ck_assert_int_eq(rs[1].until, 2000);
	ck_assert_uint_eq(rs[1].count, 1);
	ck_assert_int_eq(rs[2].code, HEAL_R_PRODUCT);
	ck_assert_str_eq(rs[3].message, "b");
	ck_assert_uint_eq(heal_reasons_merge(rs, 0), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Every message form in several time zones */

enum { Z_UTC, Z_NEW_YORK, Z_SYDNEY, Z_BRISBANE, Z_TOKYO };

/*
 * The instants of the scenarios below.  The 1.5 mm session A heals for
 * 42 days across both DST changes of 2026: Sydney's start (4 Oct, AEST to
 * AEDT) and New York's end (1 Nov, EDT to EST).  The retinol applied at P
 * waits 7 days across New York's change, the one at PS across Sydney's.
 */
#define I_A "2026-09-27T13:30:00Z" /* 1.5 mm, session 7 */
#define I_NOW "2026-10-30T13:30:00Z"
#define I_P "2026-10-26T14:30:00Z" /* retinol, product 3 */
#define I_PS "2026-09-30T14:30:00Z"
#define I_NOWS "2026-10-02T13:30:00Z"
#define I_C "2026-10-28T10:00:00Z" /* a check-in */
#define I_C2 "2026-10-29T10:00:00Z" /* the first clear one after it */
#define I_X "2026-11-01T05:30:00Z" /* a bare ready_at */
#define I_F "2026-09-15T23:30:00Z" /* a roller's first use */
#define I_TP "2026-10-25T13:30:00Z" /* the session before NOW's check-in */

/*
 * How each zone writes them, seen from I_NOW (I_NOWS for PS), computed
 * with Python's zoneinfo, not with the code under test.
 */
static const struct {
	const char *zone;
	const char *a_day, *a_ready, *a_ready_s, *p, *p_until;
	const char *ps, *ps_until, *c, *c_day, *c2_day, *x, *f_day;
	const char *t_until, *tp_day;
} zv[] = {
	[Z_UTC] = { "UTC", "27 Sep", "8 Nov 13:30 UTC", "29 Nov 13:30 UTC",
	    "26 Oct 14:30 UTC", "2 Nov 14:30 UTC", "30 Sep 14:30 UTC",
	    "7 Oct 14:30 UTC", "28 Oct 10:00 UTC", "28 Oct", "29 Oct",
	    "1 Nov 05:30 UTC", "15 Sep", "2 Nov 13:30 UTC", "25 Oct" },
	[Z_NEW_YORK] = { "America/New_York", "27 Sep", "8 Nov 08:30 EST",
	    "29 Nov 08:30 EST", "26 Oct 10:30 EDT", "2 Nov 09:30 EST",
	    "30 Sep 10:30 EDT", "7 Oct 10:30 EDT", "28 Oct 06:00 EDT", "28 Oct",
	    "29 Oct", "1 Nov 01:30 EDT", "15 Sep", "2 Nov 08:30 EST",
	    "25 Oct" },
	[Z_SYDNEY] = { "Australia/Sydney", "27 Sep", "9 Nov 00:30 AEDT",
	    "30 Nov 00:30 AEDT", "27 Oct 01:30 AEDT", "3 Nov 01:30 AEDT",
	    "1 Oct 00:30 AEST", "8 Oct 01:30 AEDT", "28 Oct 21:00 AEDT",
	    "28 Oct", "29 Oct", "1 Nov 16:30 AEDT", "16 Sep",
	    "3 Nov 00:30 AEDT", "26 Oct" },
	[Z_BRISBANE] = { "Australia/Brisbane", "27 Sep", "8 Nov 23:30 AEST",
	    "29 Nov 23:30 AEST", "27 Oct 00:30 AEST", "3 Nov 00:30 AEST",
	    "1 Oct 00:30 AEST", "8 Oct 00:30 AEST", "28 Oct 20:00 AEST",
	    "28 Oct", "29 Oct", "1 Nov 15:30 AEST", "16 Sep",
	    "2 Nov 23:30 AEST", "25 Oct" },
	[Z_TOKYO] = { "Asia/Tokyo", "27 Sep", "8 Nov 22:30 JST",
	    "29 Nov 22:30 JST", "26 Oct 23:30 JST", "2 Nov 23:30 JST",
	    "30 Sep 23:30 JST", "7 Oct 23:30 JST", "28 Oct 19:00 JST", "28 Oct",
	    "29 Oct", "1 Nov 14:30 JST", "16 Sep", "2 Nov 22:30 JST",
	    "25 Oct" },
};

static struct heal_profile
zprofile(int z, int sensitive)
{
	struct heal_profile p;

	memset(&p, 0, sizeof(p));
	p.sensitive = sensitive;
	snprintf(p.time_zone, sizeof(p.time_zone), "%s", zv[z].zone);
	return p;
}

/*
 * Reason r's message and until rebuilt from its facts alone, as a client
 * of the API could: the facts must say what the message says.
 */
static void
ck_reason_facts(const struct heal_reason *r, const char *zone, int64_t now)
{
	const struct heal_facts *f = &r->facts;
	char                     want[HEAL_MSG_LEN], day[TIMEFMT_HUMAN_LEN];
	char                     dur[64], base[64], name[HEAL_NAME_LEN];
	char                     what[HEAL_MSG_LEN] = "";
	size_t                   i;

	switch (r->code) {
	case HEAL_R_HEALING:
		ck_assert_int_eq(r->until,
		    f->at + heal_hours(f->interval_h * f->skin_factor));
		timefmt_day_tz(f->at, now, zone, day, sizeof(day));
		timefmt_duration(r->until - f->at, dur, sizeof(dur));
		if (f->skin_factor == 1)
			snprintf(want, sizeof(want), "%g mm on %s: %s to heal",
			    f->depth_mm, day, dur);
		else
			snprintf(want, sizeof(want),
			    "%g mm on %s: %s \u00d7 "
			    "%g for sensitive skin = %s",
			    f->depth_mm, day,
			    timefmt_duration(
			        heal_hours(f->interval_h), base, sizeof(base)),
			    f->skin_factor, dur);
		break;
	case HEAL_R_PRODUCT:
		ck_assert_int_eq(r->until, f->at + heal_hours(f->interval_h));
		heal_display_name(
		    cat(f->category)->name, f->category, name, sizeof(name));
		timefmt_day_time_tz(f->at, now, zone, day, sizeof(day));
		timefmt_duration(heal_hours(f->interval_h), dur, sizeof(dur));
		if (f->product[0] != '\0')
			snprintf(want, sizeof(want),
			    "%s (%s) on %s: stop %s "
			    "before needling",
			    f->product, name, day, dur);
		else
			snprintf(want, sizeof(want),
			    "%s on %s: stop %s "
			    "before needling",
			    name, day, dur);
		break;
	case HEAL_R_INFLAMMATION:
		ck_assert_time(r->until, "null");
		ck_assert_int_ne(f->checkin_id, 0);
		if (f->redness > 0)
			snprintf(what, sizeof(what), "redness %d", f->redness);
		if (f->swelling > 0)
			snprintf(what + strlen(what),
			    sizeof(what) - strlen(what), "%sswelling %d",
			    what[0] != '\0' ? ", " : "", f->swelling);
		if (f->infection_signs > 0)
			snprintf(what + strlen(what),
			    sizeof(what) - strlen(what), "%ssigns of infection",
			    what[0] != '\0' ? ", " : "");
		snprintf(want, sizeof(want),
		    "%s at check-in %s: wait for a "
		    "clear check-in",
		    what,
		    timefmt_day_time_tz(f->at, now, zone, day, sizeof(day)));
		break;
	case HEAL_R_CONDITION:
		ck_assert_int_ne(f->checkin_id, 0);
		for (i = 0; i < rules.nconditions; i++)
			if (strcmp(rules.conditions[i].slug, f->condition) == 0)
				break;
		ck_assert_uint_lt(i, rules.nconditions);
		heal_display_name(
		    rules.conditions[i].name, f->condition, name, sizeof(name));
		timefmt_day_tz(f->at, now, zone, day, sizeof(day));
		if (isnan(f->interval_h)) {
			ck_assert_time(r->until, "null");
			snprintf(want, sizeof(want),
			    "%s at check-in %s: wait "
			    "until it has cleared",
			    name, day);
		} else {
			ck_assert_int_eq(
			    r->until, f->at + heal_hours(f->interval_h));
			snprintf(want, sizeof(want), "%s cleared %s: rest %s",
			    name, day,
			    timefmt_duration(
			        r->until - f->at, dur, sizeof(dur)));
		}
		break;
	}
	ck_assert_str_eq(r->message, want);
	ck_assert_uint_eq(r->count, 1);
}

START_TEST(test_z_healing)
{
	struct heal_profile      p = zprofile(_i, 0);
	struct heal_readiness    r;
	struct hist              x;
	char                     want[HEAL_MSG_LEN];
	const struct heal_facts *f = &r.reasons[0].facts;
	int64_t                  now = ts(I_NOW);

	hist_init(&x, "forehead");
	hist_treat(&x, ts(I_A), 1.5);
	x.t[0].session_id = 7;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_HEALING);
	snprintf(
	    want, sizeof(want), "1.5 mm on %s: 42 days to heal", zv[_i].a_day);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_time(r.reasons[0].until, "2026-11-08T13:30:00Z");
	ck_assert_time(r.ready_at, "2026-11-08T13:30:00Z");
	ck_assert_time(f->at, I_A);
	ck_assert_int_eq(f->session_id, 7);
	ck_assert(f->depth_mm == 1.5);
	ck_assert(f->interval_h == 1008);
	ck_assert(f->skin_factor == 1);
	ck_assert_int_eq(f->product_id, 0);
	ck_assert_int_eq(f->checkin_id, 0);
	ck_assert(isnan(f->limit_mm));
	ck_reason_facts(&r.reasons[0], zv[_i].zone, now);

	p = zprofile(_i, 1);
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	ck_assert_uint_eq(r.nreasons, 1);
	snprintf(want, sizeof(want),
	    "1.5 mm on %s: 42 days \u00d7 1.5 for "
	    "sensitive skin = 63 days",
	    zv[_i].a_day);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_time(r.reasons[0].until, "2026-11-29T13:30:00Z");
	ck_assert_time(r.ready_at, "2026-11-29T13:30:00Z");
	ck_assert(f->skin_factor == 1.5);
	ck_assert(f->interval_h == 1008);
	ck_reason_facts(&r.reasons[0], zv[_i].zone, now);
}
END_TEST

START_TEST(test_z_product)
{
	struct heal_profile      p = zprofile(_i, 0);
	struct heal_readiness    r;
	struct hist              x;
	char                     want[HEAL_MSG_LEN];
	const struct heal_facts *f = &r.reasons[0].facts;
	int64_t                  now = ts(I_NOW);

	hist_init(&x, "forehead");
	hist_apply(&x, ts(I_P), "Retinol serum", "retinoid");
	x.a[0].product_id = 3;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_PRODUCT);
	snprintf(want, sizeof(want),
	    "Retinol serum (retinoid) on %s: stop "
	    "7 days before needling",
	    zv[_i].p);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_time(r.reasons[0].until, "2026-11-02T14:30:00Z");
	ck_assert_time(f->at, I_P);
	ck_assert_int_eq(f->product_id, 3);
	ck_assert_str_eq(f->product, "Retinol serum");
	ck_assert_str_eq(f->category, "retinoid");
	ck_assert(f->interval_h == 168);
	ck_assert_int_eq(f->session_id, 0);
	ck_assert(isnan(f->depth_mm));
	ck_assert(isnan(f->skin_factor));
	ck_reason_facts(&r.reasons[0], zv[_i].zone, now);

	/* No product name: the category's, by name. */
	hist_init(&x, "forehead");
	hist_apply(&x, ts(I_P), "", "exfoliating_acid");
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	ck_assert_uint_eq(r.nreasons, 1);
	snprintf(want, sizeof(want),
	    "exfoliating acid on %s: stop 7 days "
	    "before needling",
	    zv[_i].p);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_str_eq(f->category, "exfoliating_acid");
	ck_reason_facts(&r.reasons[0], zv[_i].zone, now);
}
END_TEST

START_TEST(test_z_inflammation)
{
	struct heal_profile      p = zprofile(_i, 0);
	struct heal_readiness    r;
	struct hist              x;
	char                     want[HEAL_MSG_LEN];
	const struct heal_facts *f = &r.reasons[0].facts;
	int64_t                  now = ts(I_NOW);

	hist_init(&x, "forehead");
	hist_checkin(&x, ts(I_C), 1, 0, 1, 0);
	x.h.latest.id = 11;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_INFLAMMATION);
	snprintf(want, sizeof(want),
	    "redness 1, signs of infection at "
	    "check-in %s: wait for a clear check-in",
	    zv[_i].c);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_time(f->at, I_C);
	ck_assert_int_eq(f->checkin_id, 11);
	ck_assert_int_eq(f->redness, 1);
	ck_assert_int_eq(f->swelling, 0);
	ck_assert_int_eq(f->infection_signs, 1);
	ck_assert_str_eq(f->condition, "");
	ck_reason_facts(&r.reasons[0], zv[_i].zone, now);

	/* The standing warning is written in the zone too. */
	ck_assert_uint_eq(r.warnings.n, 1);
	ck_assert_int_eq(r.warnings.w[0].code, HEAL_W_SEE_CLINICIAN);
	snprintf(want, sizeof(want),
	    "forehead shows signs of infection at "
	    "check-in %s: see a clinician",
	    zv[_i].c);
	ck_assert_str_eq(r.warnings.w[0].message, want);
	ck_assert_int_eq(r.warnings.w[0].facts.checkin_id, 11);
	ck_assert_time(r.warnings.w[0].facts.at, I_C);
}
END_TEST

START_TEST(test_z_condition)
{
	struct heal_profile      p = zprofile(_i, 0);
	struct heal_readiness    r;
	struct hist              x;
	char                     want[HEAL_MSG_LEN];
	const struct heal_facts *f = &r.reasons[0].facts;
	int64_t                  now = ts(I_NOW);

	hist_init(&x, "upper-lip");
	hist_checkin(&x, ts(I_C), 0, 0, 0, 1u << C_COLD_SORE);
	x.h.latest.id = 12;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_CONDITION);
	snprintf(want, sizeof(want),
	    "cold sore at check-in %s: wait until "
	    "it has cleared",
	    zv[_i].c_day);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_time(r.reasons[0].until, "null");
	ck_assert_str_eq(f->condition, "cold_sore");
	ck_assert_int_eq(f->checkin_id, 12);
	ck_assert_time(f->at, I_C);
	ck_assert(isnan(f->interval_h));
	ck_assert_int_eq(f->redness, -1);
	ck_reason_facts(&r.reasons[0], zv[_i].zone, now);

	/* The rest after it: from the first clear check-in. */
	hist_checkin(&x, ts(I_C2), 0, 0, 0, 0);
	x.h.latest.id = 13;
	hist_rest(&x, C_SUNBURN, ts(I_C), ts(I_C2));
	x.h.rests[0].first_clear_id = 13;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_uint_eq(r.nreasons, 1);
	snprintf(want, sizeof(want), "sunburn cleared %s: rest 14 days",
	    zv[_i].c2_day);
	ck_assert_str_eq(r.reasons[0].message, want);
	ck_assert_time(r.reasons[0].until, "2026-11-12T10:00:00Z");
	ck_assert_str_eq(f->condition, "sunburn");
	ck_assert_int_eq(f->checkin_id, 13);
	ck_assert_time(f->at, I_C2);
	ck_assert(f->interval_h == 336);
	ck_reason_facts(&r.reasons[0], zv[_i].zone, now);
}
END_TEST

START_TEST(test_z_early_session)
{
	struct heal_profile   p = zprofile(_i, 0);
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	char                  want[HEAL_MSG_LEN];
	int64_t               now = ts(I_NOW), nows = ts(I_NOWS);

	/* Healing: the session's own time is EDT, ready_at EST. */
	hist_init(&x, "forehead");
	hist_treat(&x, ts(I_A), 1.5);
	x.t[0].session_id = 7;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	heal_session_area_warnings(
	    &rules, &p, "forehead", &r, 0.25, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_EARLY_SESSION);
	snprintf(
	    want, sizeof(want), "forehead is healing until %s", zv[_i].a_ready);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].until, "2026-11-08T13:30:00Z");
	ck_assert_int_eq(w.w[0].facts.session_id, 7);
	ck_assert(w.w[0].facts.depth_mm == 1.5);
	ck_assert(w.w[0].facts.interval_h == 1008);

	/* A product: both of its times in one message, across New York's
	 * change (P) and Sydney's (PS). */
	hist_init(&x, "forehead");
	hist_apply(&x, ts(I_P), "Retinol serum", "retinoid");
	x.a[0].product_id = 3;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	w.n = 0;
	heal_session_area_warnings(
	    &rules, &p, "forehead", &r, 0.25, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 1);
	snprintf(want, sizeof(want),
	    "forehead is not ready until %s: "
	    "Retinol serum (retinoid) on %s: stop 7 days before needling",
	    zv[_i].p_until, zv[_i].p);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].until, "2026-11-02T14:30:00Z");
	ck_assert_int_eq(w.w[0].facts.product_id, 3);
	ck_assert_str_eq(w.w[0].facts.category, "retinoid");

	hist_init(&x, "forehead");
	hist_apply(&x, ts(I_PS), "Retinol serum", "retinoid");
	heal_area_readiness(&rules, &p, &x.h, nows, &r);
	w.n = 0;
	heal_session_area_warnings(
	    &rules, &p, "forehead", &r, 0.25, 0.5, 1, nows, &w);
	ck_assert_uint_eq(w.n, 1);
	snprintf(want, sizeof(want),
	    "forehead is not ready until %s: "
	    "Retinol serum (retinoid) on %s: stop 7 days before needling",
	    zv[_i].ps_until, zv[_i].ps);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].until, "2026-10-07T14:30:00Z");

	/* Not ready without a reason to name (not reachable through
	 * heal_area_readiness(), but the form exists). */
	memset(&r, 0, sizeof(r));
	r.ready_at = ts(I_X);
	w.n = 0;
	heal_session_area_warnings(
	    &rules, &p, "forehead", &r, 0.25, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 1);
	snprintf(
	    want, sizeof(want), "forehead is not ready until %s", zv[_i].x);
	ck_assert_str_eq(w.w[0].message, want);
	ck_facts_absent(&w.w[0].facts);
}
END_TEST

START_TEST(test_z_blocked_area)
{
	struct heal_profile   p = zprofile(_i, 0);
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	char                  want[HEAL_MSG_LEN];
	int64_t               now = ts(I_NOW);

	hist_init(&x, "forehead");
	hist_checkin(&x, ts(I_C), 1, 0, 1, 0);
	x.h.latest.id = 11;
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	heal_session_area_warnings(
	    &rules, &p, "forehead", &r, 0.25, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_BLOCKED_AREA);
	snprintf(want, sizeof(want),
	    "forehead is blocked: redness 1, signs "
	    "of infection at check-in %s: wait for a clear check-in",
	    zv[_i].c);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].until, "null");
	ck_assert_int_eq(w.w[0].facts.checkin_id, 11);
	ck_assert_int_eq(w.w[0].facts.infection_signs, 1);
}
END_TEST

/* too_deep and pigmentation_risk name no time: the same in every zone. */
START_TEST(test_z_depth)
{
	struct heal_profile   p = zprofile(_i, 1);
	struct heal_readiness r;
	struct heal_warnings  w = { .n = 0 };
	struct hist           x;
	int64_t               now = ts(I_NOW);

	hist_init(&x, "cheeks");
	heal_area_readiness(&rules, &p, &x.h, now, &r);
	heal_session_area_warnings(
	    &rules, &p, "cheeks", &r, 1.0, 0.5, 1, now, &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_int_eq(w.w[0].code, HEAL_W_TOO_DEEP);
	ck_assert_str_eq(w.w[0].message,
	    "1 mm is deeper than the 0.5 mm home limit for cheeks");
	ck_assert(w.w[0].facts.depth_mm == 1.0);
	ck_assert(w.w[0].facts.limit_mm == 0.5);
	ck_assert(isnan(w.w[0].facts.skin_factor));
	ck_assert_int_eq(w.w[1].code, HEAL_W_PIGMENTATION_RISK);
	ck_assert_str_eq(w.w[1].message,
	    "1 mm on cheeks risks pigmentation "
	    "on sensitive skin: stay at 0.5 mm or less at home");
	ck_assert(w.w[1].facts.depth_mm == 1.0);
	ck_assert(w.w[1].facts.limit_mm == 0.5);
	ck_assert(w.w[1].facts.skin_factor == 1.5);
}
END_TEST

START_TEST(test_z_device)
{
	struct heal_profile  p = zprofile(_i, 0);
	struct heal_device   roller = { 2, "Roller 0.5", 0, 12, 42 };
	struct heal_device   pen = { 4, "Pen", 1, -1, -1 };
	struct heal_warnings w = { .n = 0 };
	char                 want[HEAL_MSG_LEN];
	int64_t              now = ts(I_NOW);

	heal_session_device_warnings(
	    &p, &roller, 9, 1, 12, ts(I_F) + 40 * DAY, now, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_DEVICE_WORN);
	ck_assert_str_eq(w.w[0].message,
	    "Roller 0.5 is worn: used in 12 "
	    "sessions, the limit is 12; replace it");
	ck_assert_int_eq(w.w[0].facts.device_id, 2);
	ck_assert_str_eq(w.w[0].facts.device, "Roller 0.5");
	ck_assert_int_eq(w.w[0].facts.session_id, 9);
	ck_assert_time(w.w[0].facts.at, "null");

	w.n = 0;
	heal_session_device_warnings(&p, &roller, 9, 1, 3, ts(I_F), now, &w);
	ck_assert_uint_eq(w.n, 1);
	snprintf(want, sizeof(want),
	    "Roller 0.5 is worn: first used %s, more "
	    "than 42 days ago; replace it",
	    zv[_i].f_day);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].facts.at, I_F);
	ck_assert_int_eq(w.w[0].facts.device_id, 2);

	w.n = 0;
	heal_session_device_warnings(&p, &pen, 0, 0, 500, ts(I_F), now, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_CARTRIDGE_REUSED);
	ck_assert_str_eq(w.w[0].message,
	    "Pen: the cartridge was used before; "
	    "use a new sterile cartridge every session");
	ck_assert_int_eq(w.w[0].facts.device_id, 4);
	ck_assert_int_eq(w.w[0].facts.session_id, 0);
}
END_TEST

START_TEST(test_z_product_too_soon)
{
	struct heal_profile      p = zprofile(_i, 0);
	struct heal_application  a;
	struct heal_treatment    last = { ts(I_NOW), 0.5, 9 };
	struct heal_warnings     w = { .n = 0 };
	const struct heal_facts *f = &w.w[0].facts;
	char                     want[HEAL_MSG_LEN];

	memset(&a, 0, sizeof(a));
	a.at = ts(I_NOW);
	snprintf(a.product, sizeof(a.product), "Vitamin C");
	snprintf(a.category, sizeof(a.category), "vitamin_c");
	a.product_id = 5;
	heal_application_warning(&p, "forehead", &a, 72, &last, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_PRODUCT_TOO_SOON);
	snprintf(want, sizeof(want),
	    "Vitamin C on forehead during needling: "
	    "wait until %s",
	    zv[_i].t_until);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].until, "2026-11-02T13:30:00Z");
	ck_assert_str_eq(w.w[0].area, "forehead");
	ck_assert_time(f->at, I_NOW);
	ck_assert_int_eq(f->session_id, 9);
	ck_assert(f->depth_mm == 0.5);
	ck_assert_int_eq(f->product_id, 5);
	ck_assert_str_eq(f->product, "Vitamin C");
	ck_assert_str_eq(f->category, "vitamin_c");
	ck_assert(f->interval_h == 72);

	w.n = 0;
	a.at += 2 * HOUR;
	heal_application_warning(&p, "forehead", &a, 72, &last, &w);
	ck_assert_uint_eq(w.n, 1);
	snprintf(want, sizeof(want),
	    "Vitamin C on forehead 2 h after "
	    "needling: wait until %s",
	    zv[_i].t_until);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].until, "2026-11-02T13:30:00Z");

	/* Never treated, or applied before the treatment: nothing. */
	w.n = 0;
	heal_application_warning(&p, "forehead", &a, 72, NULL, &w);
	a.at = last.at - 1;
	heal_application_warning(&p, "forehead", &a, 72, &last, &w);
	ck_assert_uint_eq(w.n, 0);
}
END_TEST

START_TEST(test_z_checkin_warnings)
{
	struct heal_profile   p = zprofile(_i, 0);
	struct heal_treatment before = { ts(I_TP), 1.0, 8 };
	struct heal_checkin   c;
	struct heal_warnings  w = { .n = 0 };
	char                  want[HEAL_MSG_LEN];

	memset(&c, 0, sizeof(c));
	c.at = ts(I_NOW); /* 5 days after */
	c.id = 21;
	c.redness = 2;
	heal_checkin_area_warnings(&rules, &p, "forehead", &c, &before, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_PROLONGED_INFLAMMATION);
	snprintf(want, sizeof(want),
	    "forehead still inflamed more than "
	    "3 days after needling on %s: let it settle",
	    zv[_i].tp_day);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].facts.at, I_TP);
	ck_assert_int_eq(w.w[0].facts.session_id, 8);
	ck_assert_int_eq(w.w[0].facts.checkin_id, 21);
	ck_assert_int_eq(w.w[0].facts.redness, 2);
	ck_assert_int_eq(w.w[0].facts.swelling, 0);
	ck_assert_int_eq(w.w[0].facts.infection_signs, 0);
	ck_assert(w.w[0].facts.interval_h == 72);

	w.n = 0;
	c.at += 3 * DAY; /* 8 days after */
	heal_checkin_area_warnings(&rules, &p, "forehead", &c, &before, &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_int_eq(w.w[1].code, HEAL_W_SEE_CLINICIAN);
	snprintf(want, sizeof(want),
	    "forehead still inflamed more than "
	    "7 days after needling on %s: see a clinician",
	    zv[_i].tp_day);
	ck_assert_str_eq(w.w[1].message, want);
	ck_assert(w.w[1].facts.interval_h == 168);
	ck_assert_int_eq(w.w[1].facts.session_id, 8);

	w.n = 0;
	c.at = ts(I_C);
	c.infection_signs = 1;
	heal_checkin_area_warnings(&rules, &p, "forehead", &c, NULL, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(w.w[0].code, HEAL_W_SEE_CLINICIAN);
	snprintf(want, sizeof(want),
	    "forehead shows signs of infection at "
	    "check-in %s: see a clinician",
	    zv[_i].c);
	ck_assert_str_eq(w.w[0].message, want);
	ck_assert_time(w.w[0].facts.at, I_C);
	ck_assert_int_eq(w.w[0].facts.session_id, 0);
	ck_assert(isnan(w.w[0].facts.interval_h));
	ck_assert_int_eq(w.w[0].facts.infection_signs, 1);
}
END_TEST

/*
 * The wrappers kept for unwired callers write UTC and no ids, the same
 * text the new functions write for a UTC profile.
 */
START_TEST(test_wrappers_utc)
{
	struct heal_profile     p = zprofile(Z_UTC, 0);
	struct heal_device      pen = { 0, "Pen", 1, -1, -1 };
	struct heal_application a;
	struct heal_treatment   last = { ts(I_NOW), 0, 0 };
	struct heal_checkin     c;
	struct heal_warnings    w1 = { .n = 0 }, w2 = { .n = 0 };
	size_t                  i;

	memset(&a, 0, sizeof(a));
	a.at = ts(I_NOW) + HOUR;
	snprintf(a.product, sizeof(a.product), "Vitamin C");
	memset(&c, 0, sizeof(c));
	c.at = ts(I_NOW) + 9 * DAY;
	c.redness = 1;
	c.infection_signs = 1;

	utc_product_warning("forehead", "Vitamin C", 72, ts(I_NOW), a.at, &w1);
	utc_device_warnings("Pen", 1, 0, -1, -1, 3, ts(I_F), ts(I_NOW), &w1);
	utc_checkin_warnings(&rules, "forehead", &c, ts(I_NOW), &w1);
	heal_application_warning(&p, "forehead", &a, 72, &last, &w2);
	heal_session_device_warnings(
	    &p, &pen, 0, 0, 3, ts(I_F), ts(I_NOW), &w2);
	heal_checkin_area_warnings(&rules, &p, "forehead", &c, &last, &w2);
	ck_assert_uint_eq(w1.n, 4);
	ck_assert_uint_eq(w2.n, w1.n);
	for (i = 0; i < w1.n; i++) {
		ck_assert_int_eq(w1.w[i].code, w2.w[i].code);
		ck_assert_str_eq(w1.w[i].message, w2.w[i].message);
		ck_assert_int_eq(w1.w[i].until, w2.w[i].until);
	}
	ck_assert_str_eq(w1.w[0].message,
	    "Vitamin C on forehead 1 h after "
	    "needling: wait until 2 Nov 13:30 UTC");
}
END_TEST

/* A profile zone that is no zone: messages in UTC, said so. */
START_TEST(test_z_bad_zone)
{
	static const char *const bad[] = { "Mars/Olympus", "../etc/passwd",
		"/etc/passwd", "" };
	struct heal_profile      p;
	struct heal_readiness    r;
	struct hist              x;

	memset(&p, 0, sizeof(p));
	snprintf(p.time_zone, sizeof(p.time_zone), "%s", bad[_i]);
	hist_init(&x, "forehead");
	hist_apply(&x, ts(I_P), "Retinol serum", "retinoid");
	heal_area_readiness(&rules, &p, &x.h, ts(I_NOW), &r);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_str_eq(r.reasons[0].message,
	    "Retinol serum (retinoid) on "
	    "26 Oct 14:30 UTC: stop 7 days before needling");
	ck_assert_time(r.ready_at, "2026-11-02T14:30:00Z");
}
END_TEST

static Suite *
heal_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("heal");

	tc = tcase_create("rules");
	tcase_add_loop_test(tc, test_bands, 0, NELEM(bands));
	tcase_add_loop_test(tc, test_skin_factor, 0, NELEM(skins));
	tcase_add_loop_test(tc, test_hours, 0, NELEM(hours));
	tcase_add_loop_test(tc, test_inflamed_clear, 0, NELEM(checkins));
	tcase_add_loop_test(tc, test_warning_names, 0, NELEM(wnames));
	tcase_add_test(tc, test_other_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("readiness");
	tcase_add_test(tc, test_empty_history);
	tcase_add_loop_test(tc, test_ready_edge, 0, NELEM(edges));
	tcase_add_test(tc, test_example_1);
	tcase_add_test(tc, test_example_2);
	tcase_add_test(tc, test_example_3);
	tcase_add_test(tc, test_example_4);
	tcase_add_test(tc, test_example_5);
	tcase_add_loop_test(tc, test_touch_up, 0, 2);
	tcase_add_test(tc, test_treatment_product_rest);
	tcase_add_test(tc, test_tie_order);
	tcase_add_loop_test(tc, test_product_zero_wait, 0, NELEM(zero_wait));
	tcase_add_loop_test(tc, test_product_never_treated, 0, NELEM(stops));
	tcase_add_loop_test(tc, test_inflammation, 0, NELEM(inflams));
	tcase_add_test(tc, test_blocked_hides_ready_at);
	tcase_add_loop_test(
	    tc, test_condition_blocks, 0, (int)rules.nconditions);
	tcase_add_test(tc, test_several_blocking);
	tcase_add_loop_test(tc, test_rest, 0, NELEM(rest_conds));
	tcase_add_test(tc, test_rest_none);
	tcase_add_loop_test(tc, test_reasons_cap, 0, 3);
	tcase_add_test(tc, test_ready_at_expired);
	tcase_add_loop_test(tc, test_healing_message, 0, NELEM(healmsgs));
	suite_add_tcase(s, tc);

	tc = tcase_create("warnings");
	tcase_add_test(tc, test_early_session_message);
	tcase_add_test(tc, test_blocked_area);
	tcase_add_test(tc, test_ready_session_no_warning);
	tcase_add_loop_test(tc, test_depth_warnings, 0, NELEM(depths));
	tcase_add_loop_test(tc, test_checkin_warnings, 0, NELEM(ciw));
	tcase_add_test(tc, test_checkin_messages);
	tcase_add_loop_test(tc, test_device_worn, 0, NELEM(wear));
	tcase_add_test(tc, test_device_warnings);
	tcase_add_loop_test(tc, test_product_too_soon, 0, NELEM(soon));
	tcase_add_test(tc, test_product_too_soon_message);
	suite_add_tcase(s, tc);

	tc = tcase_create("aftercare");
	tcase_add_test(tc, test_aftercare);
	tcase_add_loop_test(tc, test_aftercare_cap, 0, NELEM(after_max));
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_warnings_overflow);
	tcase_add_loop_test(tc, test_utf8_truncation, 0, 3);
	suite_add_tcase(s, tc);

	tc = tcase_create("words");
	tcase_add_test(tc, test_display_name);
	tcase_add_loop_test(tc, test_skin_factor_words, 0, NELEM(factor_words));
	tcase_add_test(tc, test_facts_init);
	tcase_add_test(tc, test_merge_same_session_time);
	tcase_add_test(tc, test_merge_list);
	tcase_add_test(tc, test_wrappers_utc);
	suite_add_tcase(s, tc);

	tc = tcase_create("zones");
	tcase_add_loop_test(tc, test_z_healing, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_product, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_inflammation, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_condition, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_early_session, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_blocked_area, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_depth, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_device, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_product_too_soon, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_checkin_warnings, 0, NELEM(zv));
	tcase_add_loop_test(tc, test_z_bad_zone, 0, 4);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(heal_suite());
}
