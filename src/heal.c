/*
 * heal.c: the healing engine (healing-model.md), pure.
 *
 * Every rule value comes from struct heal_rules, struct heal_category or
 * the caller's arguments; the only numbers here are units, a tolerance for
 * comparing depths and buffer sizes.  No I/O, no clock, no global state:
 * `now` is an argument and every answer is written into the caller's
 * structs.
 *
 * Messages are written in the profile's time zone through timefmt.c,
 * which owns the one piece of global state (the TZ it last set); heal.c's
 * interface stays pure: the zone is a field of struct heal_profile.
 *
 * A constraint is a (reason, until) pair; until is HEAL_NONE for the
 * blocking ones.  heal_area_readiness() walks the history once, folding
 * every constraint into ready_at and keeping those still in force at now as
 * reasons, in a small sorted array.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "heal.h"
#include "timefmt.h"

#if defined(__GNUC__)
#define HEAL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HEAL_PRINTF(f, a)
#endif

#define SECS_PER_MIN 60
#define SECS_PER_HOUR 3600
#define SECS_PER_DAY 86400

/*
 * Depths are doubles that went through JSON and SQLite: 0.1 + 0.2 must
 * still land in the 0.30 band, and 0.50 must not be "deeper" than a 0.50
 * cap.  A nanometre is far below any real needle's tolerance.
 */
#define DEPTH_EPS 1e-9

#define DATE_LEN TIMEFMT_HUMAN_LEN
#define NUM_LEN 32
#define PART_LEN 64

_Static_assert(
    HEAL_ZONE_LEN == TIMEFMT_ZONE_LEN, "a profile's zone must fit timefmt's");

/* Warning codes (§7): their API names and severities. */
static const struct {
	const char        *name;
	enum heal_severity severity;
} warning_types[] = { [HEAL_W_EARLY_SESSION] = { "early_session",
	                  HEAL_WARNING },
	[HEAL_W_BLOCKED_AREA] = { "blocked_area", HEAL_DANGER },
	[HEAL_W_TOO_DEEP] = { "too_deep", HEAL_WARNING },
	[HEAL_W_PIGMENTATION_RISK] = { "pigmentation_risk", HEAL_WARNING },
	[HEAL_W_DEVICE_WORN] = { "device_worn", HEAL_WARNING },
	[HEAL_W_CARTRIDGE_REUSED] = { "cartridge_reused", HEAL_DANGER },
	[HEAL_W_PRODUCT_TOO_SOON] = { "product_too_soon", HEAL_WARNING },
	[HEAL_W_PROLONGED_INFLAMMATION] = { "prolonged_inflammation",
	    HEAL_WARNING },
	[HEAL_W_SEE_CLINICIAN] = { "see_clinician", HEAL_DANGER } };

static const char *const reason_names[] = { [HEAL_R_HEALING] = "healing",
	[HEAL_R_PRODUCT] = "product",
	[HEAL_R_INFLAMMATION] = "inflammation",
	[HEAL_R_CONDITION] = "condition" };

static const char *const severity_names[] = { [HEAL_INFO] = "info",
	[HEAL_WARNING] = "warning",
	[HEAL_DANGER] = "danger" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Cut a string that snprintf() truncated back to the last complete UTF-8
 * sequence: product names are the user's and jansson refuses invalid UTF-8.
 */
static void
utf8_trim(char *s)
{
	size_t        n, i, need;
	unsigned char lead;

	n = strlen(s);
	if (n == 0)
		return;
	i = n - 1;
	while (i > 0 && n - i < 4 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	lead = (unsigned char)s[i];
	if (lead < 0x80)
		need = 1;
	else if ((lead & 0xe0) == 0xc0)
		need = 2;
	else if ((lead & 0xf0) == 0xe0)
		need = 3;
	else if ((lead & 0xf8) == 0xf0)
		need = 4;
	else
		need = SIZE_MAX; /* a stray continuation byte */
	if (need == SIZE_MAX || n - i < need)
		s[i] = '\0';
}

/*
 * vsnprintf() into buf, which is always NUL-terminated and, when cut, is
 * cut between characters.
 */
static void
vfmt(char *buf, size_t size, const char *f, va_list ap)
{
	int n;

	n = vsnprintf(buf, size, f, ap);
	if (n < 0)
		buf[0] = '\0';
	else if ((size_t)n >= size)
		utf8_trim(buf);
}

static void HEAL_PRINTF(3, 4) fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vfmt(buf, size, f, ap);
	va_end(ap);
}

/* t + d, saturating short of HEAL_NONE instead of overflowing. */
static int64_t
add_secs(int64_t t, int64_t d)
{
	if (d > 0 && t > INT64_MAX - d)
		return INT64_MAX;
	if (d < 0 && t < INT64_MIN + 1 - d)
		return INT64_MIN + 1;
	return t + d;
}

/* A depth in its shortest form with at most 2 decimals: 0.5, 0.25, 1. */
static void
fmt_depth(double mm, char *buf, size_t size)
{
	char *p;

	fmt(buf, size, "%.2f", mm);
	if (strchr(buf, '.') == NULL)
		return;
	p = buf + strlen(buf) - 1;
	while (*p == '0')
		*p-- = '\0';
	if (*p == '.')
		*p = '\0';
}

/* How long after a session something happened: "2 h", "3 days". */
static void
fmt_elapsed(int64_t secs, char *buf, size_t size)
{
	if (secs < SECS_PER_HOUR)
		fmt(buf, size, "%lld min",
		    (long long)((secs + SECS_PER_MIN - 1) / SECS_PER_MIN));
	else if (secs < 2 * SECS_PER_DAY)
		fmt(buf, size, "%lld h", (long long)(secs / SECS_PER_HOUR));
	else
		fmt(buf, size, "%lld days", (long long)(secs / SECS_PER_DAY));
}

/* The profile's zone, or "" (UTC) if the field is not a string. */
static const char *
zone(const struct heal_profile *p)
{
	if (memchr(p->time_zone, '\0', sizeof(p->time_zone)) == NULL)
		return "";
	return p->time_zone;
}

static size_t
nbands(const struct heal_rules *rules)
{
	return rules->nbands < HEAL_MAX_BANDS ? rules->nbands : HEAL_MAX_BANDS;
}

static size_t
nconditions(const struct heal_rules *rules)
{
	return rules->nconditions < HEAL_MAX_CONDITIONS ? rules->nconditions
	                                                : HEAL_MAX_CONDITIONS;
}

/* Condition bit's name for people, and its slug for the facts. */
static void
condition_name(const struct heal_rules *rules, unsigned int bit, char *buf,
    size_t size, struct heal_facts *facts)
{
	const struct heal_condition *c;

	if (bit >= nconditions(rules)) {
		fmt(buf, size, "condition %u", bit);
		return;
	}
	c = &rules->conditions[bit];
	heal_display_name(c->name, c->slug, buf, size);
	fmt(facts->condition, sizeof(facts->condition), "%s", c->slug);
}

/*
 * Append a warning with its facts (NULL: none) unless the list is full;
 * the rest are dropped.
 */
static void HEAL_PRINTF(6, 7) warn_add(struct heal_warnings *out,
    enum heal_warning_code code, const char *area, int64_t until,
    const struct heal_facts *facts, const char *f, ...)
{
	struct heal_warning *w;
	va_list              ap;

	if (out->n >= HEAL_MAX_WARNINGS)
		return;
	w = &out->w[out->n++];
	w->code = code;
	w->severity = warning_types[code].severity;
	fmt(w->area, sizeof(w->area), "%s", area != NULL ? area : "");
	w->until = until;
	if (facts != NULL)
		w->facts = *facts;
	else
		heal_facts_init(&w->facts);
	va_start(ap, f);
	vfmt(w->message, sizeof(w->message), f, ap);
	va_end(ap);
}

/* A fresh reason: count 1, no facts yet. */
static void
reason_init(struct heal_reason *r, enum heal_reason_code code, int64_t until)
{
	r->code = code;
	r->until = until;
	r->message[0] = '\0';
	r->count = 1;
	heal_facts_init(&r->facts);
}

void
heal_facts_init(struct heal_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->at = HEAL_NONE;
	f->depth_mm = NAN;
	f->limit_mm = NAN;
	f->redness = -1;
	f->swelling = -1;
	f->infection_signs = -1;
	f->interval_h = NAN;
	f->skin_factor = NAN;
}

char *
heal_display_name(const char *name, const char *slug, char *buf, size_t len)
{
	char *p;

	if (len == 0)
		return buf;
	if (name != NULL && *name != '\0') {
		fmt(buf, len, "%s", name);
		return buf;
	}
	fmt(buf, len, "%s", slug != NULL ? slug : "");
	for (p = buf; *p != '\0'; p++)
		if (*p == '_')
			*p = ' ';
	return buf;
}

static int
reason_same(const struct heal_reason *a, const struct heal_reason *b)
{
	return a->code == b->code && a->until == b->until &&
	    strcmp(a->message, b->message) == 0;
}

size_t
heal_reasons_merge(struct heal_reason *rs, size_t n)
{
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < k && !reason_same(&rs[j], &rs[i]); j++)
			continue;
		if (j < k) {
			rs[j].count += rs[i].count > 0 ? rs[i].count : 1;
			continue;
		}
		if (k != i)
			rs[k] = rs[i];
		if (rs[k].count == 0)
			rs[k].count = 1;
		k++;
	}
	return k;
}

int64_t
heal_hours(double h)
{
	double s = h * SECS_PER_HOUR;

	if (isnan(s))
		return 0;
	if (s >= (double)INT64_MAX)
		return INT64_MAX;
	if (s <= -(double)INT64_MAX)
		return -INT64_MAX;
	return (int64_t)llround(s);
}

int
heal_sensitive(const struct heal_rules *rules, const struct heal_profile *p)
{
	/* 0 is "unknown", never a type. */
	return p->sensitive || p->melasma ||
	    (p->fitzpatrick > 0 &&
	        p->fitzpatrick >= rules->sensitive_fitzpatrick);
}

double
heal_skin_factor(const struct heal_rules *rules, const struct heal_profile *p)
{
	return heal_sensitive(rules, p) ? rules->skin_factor : 1.0;
}

/* The band of depth_mm, or NULL if none covers it. */
static const struct heal_band *
band_of(const struct heal_rules *rules, double depth_mm)
{
	size_t i;

	if (!(depth_mm > 0))
		return NULL;
	for (i = 0; i < nbands(rules); i++)
		if (depth_mm <= rules->bands[i].max_depth_mm + DEPTH_EPS)
			return &rules->bands[i];
	return NULL;
}

/*
 * The factor is applied before rounding, so that a 0.30 band of 72 h on
 * sensitive skin is llround(72 * 1.5 * 3600) seconds, rounded once.
 */
int64_t
heal_interval(const struct heal_rules *rules, const struct heal_profile *p,
    double depth_mm)
{
	const struct heal_band *b;

	if ((b = band_of(rules, depth_mm)) == NULL)
		return -1;
	return heal_hours(b->interval_h * heal_skin_factor(rules, p));
}

int64_t
heal_window(const struct heal_rules *rules, const struct heal_profile *p)
{
	int64_t w = 0, iv;
	size_t  i;

	for (i = 0; i < nbands(rules); i++) {
		iv = heal_hours(
		    rules->bands[i].interval_h * heal_skin_factor(rules, p));
		if (iv > w)
			w = iv;
	}
	return w;
}

/*
 * A struct whose at is HEAL_NONE stands for "no check-in": it is neither
 * inflamed nor clear.
 */
int
heal_inflamed(const struct heal_checkin *c)
{
	if (c->at == HEAL_NONE)
		return 0;
	return c->redness >= 1 || c->swelling >= 1 || c->infection_signs;
}

int
heal_clear(const struct heal_checkin *c)
{
	if (c->at == HEAL_NONE)
		return 0;
	return !heal_inflamed(c) && c->conditions == 0;
}

/*
 * Reason order: blocking reasons first, then the latest until first.  Ties
 * go by code and then message, so that the answer does not depend on the
 * order in which the store returned rows (it feeds an ETag).
 */
static int
reason_before(const struct heal_reason *a, const struct heal_reason *b)
{
	int ablock, bblock, d;

	ablock = a->until == HEAL_NONE;
	bblock = b->until == HEAL_NONE;
	if (ablock != bblock)
		return ablock;
	if (a->until != b->until)
		return a->until > b->until;
	if (a->code != b->code)
		return a->code < b->code;
	if ((d = strcmp(a->message, b->message)) != 0)
		return d < 0;
	/* Identical messages: the lowest ids first, so that merging keeps
	 * the same facts whatever the store's row order. */
	if (a->facts.session_id != b->facts.session_id)
		return a->facts.session_id < b->facts.session_id;
	if (a->facts.product_id != b->facts.product_id)
		return a->facts.product_id < b->facts.product_id;
	return a->facts.checkin_id < b->facts.checkin_id;
}

/* Insert r in order, keeping the first HEAL_MAX_REASONS. */
static void
reason_insert(struct heal_readiness *out, const struct heal_reason *r)
{
	size_t i, n = out->nreasons;

	if (n == HEAL_MAX_REASONS && !reason_before(r, &out->reasons[n - 1]))
		return;
	for (i = 0; i < n && !reason_before(r, &out->reasons[i]); i++)
		continue;
	if (n == HEAL_MAX_REASONS)
		n--;
	memmove(&out->reasons[i + 1], &out->reasons[i],
	    (n - i) * sizeof(out->reasons[0]));
	out->reasons[i] = *r;
	out->nreasons = n + 1;
}

/*
 * Fold one constraint into *out: a blocking one (until HEAL_NONE) blocks,
 * any other counts toward ready_at whether or not it has expired.  Returns
 * whether it is still in force at now, i.e. whether it needs a reason.
 */
static int
constrain(struct heal_readiness *out, int64_t until, int64_t now)
{
	if (until == HEAL_NONE) {
		out->blocked = 1;
		return 1;
	}
	if (out->ready_at == HEAL_NONE || until > out->ready_at)
		out->ready_at = until;
	return until > now;
}

static void
readiness_treatments(const struct heal_rules *rules,
    const struct heal_profile *prof, const struct heal_area_history *h,
    int64_t now, struct heal_readiness *out)
{
	const struct heal_treatment *t;
	const struct heal_band      *b;
	struct heal_reason           r;
	char                         depth[NUM_LEN], day[DATE_LEN];
	char                         dur[DATE_LEN], base[DATE_LEN];
	char                         factor[NUM_LEN];
	double                       sf = heal_skin_factor(rules, prof);
	int64_t                      iv;
	size_t                       i;

	for (i = 0; i < h->ntreatments; i++) {
		t = &h->treatments[i];
		/* Depths outside every band are refused on input (422). */
		if ((b = band_of(rules, t->depth_mm)) == NULL ||
		    (iv = heal_interval(rules, prof, t->depth_mm)) < 0)
			continue;
		reason_init(&r, HEAL_R_HEALING, add_secs(t->at, iv));
		if (!constrain(out, r.until, now))
			continue;
		r.facts.at = t->at;
		r.facts.session_id = t->session_id;
		r.facts.depth_mm = t->depth_mm;
		r.facts.interval_h = b->interval_h;
		r.facts.skin_factor = sf;
		fmt_depth(t->depth_mm, depth, sizeof(depth));
		timefmt_day_tz(t->at, now, zone(prof), day, sizeof(day));
		timefmt_duration(iv, dur, sizeof(dur));
		if (sf != 1.0) {
			fmt_depth(sf, factor, sizeof(factor));
			fmt(r.message, sizeof(r.message),
			    "%s mm on %s: %s \u00d7 %s for sensitive skin = %s",
			    depth, day,
			    timefmt_duration(
			        heal_hours(b->interval_h), base, sizeof(base)),
			    factor, dur);
		} else
			fmt(r.message, sizeof(r.message),
			    "%s mm on %s: %s to heal", depth, day, dur);
		reason_insert(out, &r);
	}
}

/* Category slug's name for people, from rules->categories. */
static void
category_name(
    const struct heal_rules *rules, const char *slug, char *buf, size_t size)
{
	size_t i;

	for (i = 0; rules->categories != NULL && i < rules->ncategories; i++)
		if (strcmp(rules->categories[i].slug, slug) == 0) {
			heal_display_name(
			    rules->categories[i].name, slug, buf, size);
			return;
		}
	heal_display_name(NULL, slug, buf, size);
}

static void
readiness_applications(const struct heal_rules *rules,
    const struct heal_profile *prof, const struct heal_area_history *h,
    int64_t now, struct heal_readiness *out)
{
	const struct heal_application *a;
	struct heal_reason             r;
	char                           day[DATE_LEN], dur[DATE_LEN];
	char                           cat[HEAL_NAME_LEN];
	int64_t                        wait;
	size_t                         i;

	for (i = 0; i < h->napplications; i++) {
		a = &h->applications[i];
		/* A wait of 0 h is no constraint at all (§3). */
		if ((wait = heal_hours(a->stop_before_h)) <= 0)
			continue;
		reason_init(&r, HEAL_R_PRODUCT, add_secs(a->at, wait));
		if (!constrain(out, r.until, now))
			continue;
		r.facts.at = a->at;
		r.facts.product_id = a->product_id;
		fmt(r.facts.product, sizeof(r.facts.product), "%s", a->product);
		fmt(r.facts.category, sizeof(r.facts.category), "%s",
		    a->category);
		r.facts.interval_h = a->stop_before_h;
		timefmt_day_time_tz(a->at, now, zone(prof), day, sizeof(day));
		timefmt_duration(wait, dur, sizeof(dur));
		category_name(rules, a->category, cat, sizeof(cat));
		if (a->product[0] != '\0')
			fmt(r.message, sizeof(r.message),
			    "%s (%s) on %s: stop %s before needling",
			    a->product, cat, day, dur);
		else
			fmt(r.message, sizeof(r.message),
			    "%s on %s: stop %s before needling", cat, day, dur);
		reason_insert(out, &r);
	}
}

/* The scores of a check-in in the facts. */
static void
checkin_facts(const struct heal_checkin *c, struct heal_facts *f)
{
	f->checkin_id = c->id;
	f->redness = c->redness;
	f->swelling = c->swelling;
	f->infection_signs = c->infection_signs != 0;
}

/* "redness 1, swelling 2, signs of infection": only what is there. */
static void
fmt_inflammation(const struct heal_checkin *c, char *buf, size_t size)
{
	char redness[PART_LEN] = "", swelling[PART_LEN] = "";

	if (c->redness != 0)
		fmt(redness, sizeof(redness), "redness %d", c->redness);
	if (c->swelling != 0)
		fmt(swelling, sizeof(swelling), "%sswelling %d",
		    redness[0] != '\0' ? ", " : "", c->swelling);
	fmt(buf, size, "%s%s%s%s", redness, swelling,
	    c->infection_signs && (redness[0] != '\0' || swelling[0] != '\0')
	        ? ", "
	        : "",
	    c->infection_signs ? "signs of infection" : "");
}

static void
readiness_checkin(const struct heal_rules *rules,
    const struct heal_profile *prof, const struct heal_area_history *h,
    int64_t now, struct heal_readiness *out)
{
	const struct heal_checkin *c = &h->latest;
	struct heal_reason         r;
	char                       day[DATE_LEN], name[HEAL_NAME_LEN];
	char                       what[HEAL_MSG_LEN];
	unsigned int               bit;

	if (c->at == HEAL_NONE)
		return;
	if (heal_inflamed(c)) {
		reason_init(&r, HEAL_R_INFLAMMATION, HEAL_NONE);
		(void)constrain(out, r.until, now);
		r.facts.at = c->at;
		checkin_facts(c, &r.facts);
		fmt_inflammation(c, what, sizeof(what));
		fmt(r.message, sizeof(r.message),
		    "%s at check-in %s: wait for a clear check-in", what,
		    timefmt_day_time_tz(
		        c->at, now, zone(prof), day, sizeof(day)));
		reason_insert(out, &r);
	}
	for (bit = 0; bit < sizeof(c->conditions) * CHAR_BIT; bit++) {
		if ((c->conditions & ((uint32_t)1 << bit)) == 0)
			continue;
		reason_init(&r, HEAL_R_CONDITION, HEAL_NONE);
		(void)constrain(out, r.until, now);
		r.facts.at = c->at;
		r.facts.checkin_id = c->id;
		condition_name(rules, bit, name, sizeof(name), &r.facts);
		fmt(r.message, sizeof(r.message),
		    "%s at check-in %s: wait until it has cleared", name,
		    timefmt_day_tz(c->at, now, zone(prof), day, sizeof(day)));
		reason_insert(out, &r);
	}
}

static void
readiness_rests(const struct heal_rules *rules, const struct heal_profile *prof,
    const struct heal_area_history *h, int64_t now, struct heal_readiness *out)
{
	const struct heal_rest *rs;
	struct heal_reason      r;
	char                    day[DATE_LEN], dur[DATE_LEN];
	char                    name[HEAL_NAME_LEN];
	int64_t                 rest;
	size_t                  i, n;

	n = h->nrests < HEAL_MAX_CONDITIONS ? h->nrests : HEAL_MAX_CONDITIONS;
	for (i = 0; i < n; i++) {
		rs = &h->rests[i];
		if (rs->first_clear == HEAL_NONE ||
		    rs->condition >= nconditions(rules))
			continue;
		rest = heal_hours(rules->conditions[rs->condition].rest_h);
		if (rest <= 0)
			continue;
		reason_init(
		    &r, HEAL_R_CONDITION, add_secs(rs->first_clear, rest));
		if (!constrain(out, r.until, now))
			continue;
		r.facts.at = rs->first_clear;
		r.facts.checkin_id = rs->first_clear_id;
		r.facts.interval_h = rules->conditions[rs->condition].rest_h;
		condition_name(rules, (unsigned int)rs->condition, name,
		    sizeof(name), &r.facts);
		fmt(r.message, sizeof(r.message), "%s cleared %s: rest %s",
		    name,
		    timefmt_day_tz(
		        rs->first_clear, now, zone(prof), day, sizeof(day)),
		    timefmt_duration(rest, dur, sizeof(dur)));
		reason_insert(out, &r);
	}
}

void
heal_area_readiness(const struct heal_rules *rules,
    const struct heal_profile *prof, const struct heal_area_history *h,
    int64_t now, struct heal_readiness *out)
{
	struct heal_treatment before;

	memset(out, 0, sizeof(*out));
	out->ready_at = HEAL_NONE;
	out->last_session_at = h->last_session_at;
	out->last_depth_mm = h->last_depth_mm;

	readiness_treatments(rules, prof, h, now, out);
	readiness_applications(rules, prof, h, now, out);
	readiness_checkin(rules, prof, h, now, out);
	readiness_rests(rules, prof, h, now, out);

	if (out->blocked)
		out->ready_at = HEAL_NONE;
	out->ready = !out->blocked &&
	    (out->ready_at == HEAL_NONE || now >= out->ready_at);

	if (heal_inflamed(&h->latest)) {
		memset(&before, 0, sizeof(before));
		before.at = h->treated_before_latest;
		before.session_id = h->treated_before_latest_session;
		heal_checkin_area_warnings(
		    rules, prof, h->slug, &h->latest, &before, &out->warnings);
	}
}

void
heal_session_area_warnings(const struct heal_rules *rules,
    const struct heal_profile *prof, const char *area,
    const struct heal_readiness *r, double depth_mm, double cap_mm, int home,
    int64_t started_at, struct heal_warnings *out)
{
	const struct heal_reason *first;
	const struct heal_facts  *why;
	struct heal_facts         f;
	char                      day[DATE_LEN], depth[NUM_LEN];
	char                      limit[NUM_LEN];

	first = r->nreasons > 0 ? &r->reasons[0] : NULL;
	why = first != NULL ? &first->facts : NULL;
	if (r->blocked)
		warn_add(out, HEAL_W_BLOCKED_AREA, area, HEAL_NONE, why,
		    "%s is blocked: %s", area,
		    first != NULL ? first->message
		                  : "wait for a clear check-in");
	else if (!r->ready) {
		timefmt_day_time_tz(
		    r->ready_at, started_at, zone(prof), day, sizeof(day));
		if (first == NULL)
			warn_add(out, HEAL_W_EARLY_SESSION, area, r->ready_at,
			    why, "%s is not ready until %s", area, day);
		else if (first->code == HEAL_R_HEALING)
			warn_add(out, HEAL_W_EARLY_SESSION, area, r->ready_at,
			    why, "%s is healing until %s", area, day);
		else
			warn_add(out, HEAL_W_EARLY_SESSION, area, r->ready_at,
			    why, "%s is not ready until %s: %s", area, day,
			    first->message);
	}

	if (!home)
		return;
	fmt_depth(depth_mm, depth, sizeof(depth));
	heal_facts_init(&f);
	f.depth_mm = depth_mm;
	if (depth_mm > cap_mm + DEPTH_EPS) {
		f.limit_mm = cap_mm;
		fmt_depth(cap_mm, limit, sizeof(limit));
		warn_add(out, HEAL_W_TOO_DEEP, area, HEAL_NONE, &f,
		    "%s mm is deeper than the %s mm home limit for %s", depth,
		    limit, area);
	}
	if (heal_sensitive(rules, prof) &&
	    depth_mm > rules->pigment_depth_mm + DEPTH_EPS) {
		f.limit_mm = rules->pigment_depth_mm;
		f.skin_factor = heal_skin_factor(rules, prof);
		fmt_depth(rules->pigment_depth_mm, limit, sizeof(limit));
		warn_add(out, HEAL_W_PIGMENTATION_RISK, area, HEAL_NONE, &f,
		    "%s mm on %s risks pigmentation on sensitive skin: "
		    "stay at %s mm or less at home",
		    depth, area, limit);
	}
}

int
heal_device_worn(long long max_uses, long long max_age_days, long long uses,
    int64_t first_used_at, int64_t at)
{
	int64_t age;

	if (max_uses >= 0 && uses >= max_uses)
		return 1;
	if (max_age_days < 0 || first_used_at == HEAL_NONE ||
	    max_age_days > INT64_MAX / SECS_PER_DAY)
		return 0;
	age = (int64_t)max_age_days * SECS_PER_DAY;
	if (first_used_at > INT64_MAX - age)
		return 0;
	return at > first_used_at + age;
}

void
heal_session_device_warnings(const struct heal_profile *prof,
    const struct heal_device *dev, int64_t session_id, int new_cartridge,
    long long uses_before, int64_t first_used_at, int64_t started_at,
    struct heal_warnings *out)
{
	struct heal_facts f;
	char              day[DATE_LEN];

	heal_facts_init(&f);
	f.session_id = session_id;
	f.device_id = dev->id;
	fmt(f.device, sizeof(f.device), "%s", dev->name);
	if (heal_device_worn(dev->max_uses, dev->max_age_days, uses_before,
	        first_used_at, started_at)) {
		if (dev->max_uses >= 0 && uses_before >= dev->max_uses)
			warn_add(out, HEAL_W_DEVICE_WORN, "", HEAL_NONE, &f,
			    "%s is worn: used in %lld sessions, the limit is "
			    "%lld; replace it",
			    dev->name, uses_before, dev->max_uses);
		else {
			f.at = first_used_at;
			warn_add(out, HEAL_W_DEVICE_WORN, "", HEAL_NONE, &f,
			    "%s is worn: first used %s, more than %lld days "
			    "ago; replace it",
			    dev->name,
			    timefmt_day_tz(first_used_at, started_at,
			        zone(prof), day, sizeof(day)),
			    dev->max_age_days);
			f.at = HEAL_NONE;
		}
	}
	if (dev->is_pen && !new_cartridge)
		warn_add(out, HEAL_W_CARTRIDGE_REUSED, "", HEAL_NONE, &f,
		    "%s: the cartridge was used before; use a new sterile "
		    "cartridge every session",
		    dev->name);
}

void
heal_application_warning(const struct heal_profile *prof, const char *area,
    const struct heal_application *a, double avoid_after_h,
    const struct heal_treatment *last, struct heal_warnings *out)
{
	struct heal_facts f;
	char              ago[NUM_LEN], day[DATE_LEN];
	int64_t           avoid, until, p = a->at;

	if ((avoid = heal_hours(avoid_after_h)) <= 0 || last == NULL ||
	    last->at == HEAL_NONE || p < last->at)
		return;
	until = add_secs(last->at, avoid);
	if (p >= until)
		return;
	heal_facts_init(&f);
	f.at = last->at;
	f.session_id = last->session_id;
	if (last->depth_mm > 0)
		f.depth_mm = last->depth_mm;
	f.product_id = a->product_id;
	fmt(f.product, sizeof(f.product), "%s", a->product);
	fmt(f.category, sizeof(f.category), "%s", a->category);
	f.interval_h = avoid_after_h;
	timefmt_day_time_tz(until, p, zone(prof), day, sizeof(day));
	if (p == last->at)
		warn_add(out, HEAL_W_PRODUCT_TOO_SOON, area, until, &f,
		    "%s on %s during needling: wait until %s", a->product, area,
		    day);
	else {
		fmt_elapsed(p - last->at, ago, sizeof(ago));
		warn_add(out, HEAL_W_PRODUCT_TOO_SOON, area, until, &f,
		    "%s on %s %s after needling: wait until %s", a->product,
		    area, ago, day);
	}
}

void
heal_checkin_area_warnings(const struct heal_rules *rules,
    const struct heal_profile *prof, const char *area,
    const struct heal_checkin *c, const struct heal_treatment *before,
    struct heal_warnings *out)
{
	struct heal_facts f;
	char              treated[DATE_LEN], seen[DATE_LEN];
	char              dur[DATE_LEN];
	int64_t           since, prolonged, clinician;

	if (!heal_inflamed(c))
		return;
	prolonged = heal_hours(rules->prolonged_h);
	clinician = heal_hours(rules->clinician_h);
	/* since < 0: no treatment before the check-in, no time rule. */
	since = before != NULL && before->at != HEAL_NONE && before->at <= c->at
	    ? c->at - before->at
	    : -1;
	heal_facts_init(&f);
	checkin_facts(c, &f);
	if (since >= 0) {
		timefmt_day_tz(
		    before->at, c->at, zone(prof), treated, sizeof(treated));
		f.at = before->at;
		f.session_id = before->session_id;
	}

	if (since >= 0 && since > prolonged) {
		f.interval_h = rules->prolonged_h;
		warn_add(out, HEAL_W_PROLONGED_INFLAMMATION, area, HEAL_NONE,
		    &f,
		    "%s still inflamed more than %s after needling on %s: "
		    "let it settle",
		    area, timefmt_duration(prolonged, dur, sizeof(dur)),
		    treated);
	}
	/* One see_clinician at most; infection is the more telling cause. */
	if (c->infection_signs) {
		f.at = c->at;
		f.session_id = 0;
		f.interval_h = NAN;
		warn_add(out, HEAL_W_SEE_CLINICIAN, area, HEAL_NONE, &f,
		    "%s shows signs of infection at check-in %s: "
		    "see a clinician",
		    area,
		    timefmt_day_time_tz(
		        c->at, c->at, zone(prof), seen, sizeof(seen)));
	} else if (since >= 0 && since > clinician) {
		f.interval_h = rules->clinician_h;
		warn_add(out, HEAL_W_SEE_CLINICIAN, area, HEAL_NONE, &f,
		    "%s still inflamed more than %s after needling on %s: "
		    "see a clinician",
		    area, timefmt_duration(clinician, dur, sizeof(dur)),
		    treated);
	}
}

static int
aftercare_before(const struct heal_aftercare *a, const struct heal_aftercare *b)
{
	int d;

	if (a->avoid_until != b->avoid_until)
		return a->avoid_until < b->avoid_until;
	if ((d = strcmp(a->area, b->area)) != 0)
		return d < 0;
	return strcmp(a->category, b->category) < 0;
}

size_t
heal_aftercare(const struct heal_category *cats, size_t ncats,
    const char *const *areas, size_t nareas, int64_t started_at,
    struct heal_aftercare *out, size_t max)
{
	struct heal_aftercare line;
	int64_t               avoid;
	size_t                a, c, i, n = 0;

	if (max == 0)
		return 0;
	for (a = 0; a < nareas; a++) {
		for (c = 0; c < ncats; c++) {
			if ((avoid = heal_hours(cats[c].avoid_after_h)) <= 0)
				continue;
			fmt(line.area, sizeof(line.area), "%s", areas[a]);
			fmt(line.category, sizeof(line.category), "%s",
			    cats[c].slug);
			line.avoid_until = add_secs(started_at, avoid);
			/* Insertion into the first max lines in order. */
			if (n == max && !aftercare_before(&line, &out[n - 1]))
				continue;
			for (i = 0; i < n && !aftercare_before(&line, &out[i]);
			     i++)
				continue;
			if (n == max)
				n--;
			memmove(&out[i + 1], &out[i], (n - i) * sizeof(*out));
			out[i] = line;
			n++;
		}
	}
	return n;
}

const char *
heal_reason_name(enum heal_reason_code code)
{
	if ((size_t)code >= NELEM(reason_names))
		return "unknown";
	return reason_names[code];
}

const char *
heal_warning_name(enum heal_warning_code code)
{
	if ((size_t)code >= NELEM(warning_types))
		return "unknown";
	return warning_types[code].name;
}

const char *
heal_severity_name(enum heal_severity sev)
{
	if ((size_t)sev >= NELEM(severity_names))
		return "unknown";
	return severity_names[sev];
}
