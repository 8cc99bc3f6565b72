/*
 * heal.h: the healing engine (healing-model.md), pure.
 *
 * Plain structs in, readiness, reasons and warnings out.  No SQLite, no
 * HTTP, no clock: the caller (store + api) reads exactly the history the
 * rules need and passes `now` in.  Every rule value arrives in struct
 * heal_rules, filled from the SQL rule tables; none is a literal here.
 *
 * Times are int64_t Unix seconds; HEAL_NONE stands for "no time" (null in
 * the API).  Hours in the rule tables are doubles and are turned into
 * seconds with heal_hours(), rounding to the nearest second.
 *
 * Messages are for people: dates and times in the profile's time zone
 * (labelled), durations in days and hours, conditions and categories by
 * name.  Each reason and warning also carries the facts its message was
 * made from (struct heal_facts), for machines.  Every field added to an
 * input struct since the first version is at the end of its struct and
 * reads as "unknown" when zero, so callers that do not fill it still work
 * as long as they zero their structs (memset, or = { 0 }) before filling.
 */
#ifndef NEEDLED_HEAL_H
#define NEEDLED_HEAL_H

#include <stddef.h>
#include <stdint.h>

#define HEAL_NONE INT64_MIN

#define HEAL_MAX_BANDS 32
#define HEAL_MAX_CONDITIONS 16 /* condition i is bit (1u << i) */
#define HEAL_MAX_REASONS 32 /* reasons kept per area (latest first) */
#define HEAL_MAX_WARNINGS 64 /* warnings kept per list */
#define HEAL_SLUG_LEN 65 /* 64 characters + NUL */
#define HEAL_NAME_LEN 128
#define HEAL_MSG_LEN 256
#define HEAL_ZONE_LEN 64 /* an IANA zone name + NUL */

enum heal_severity { HEAL_INFO, HEAL_WARNING, HEAL_DANGER };

enum heal_reason_code {
	HEAL_R_HEALING, /* §1: a treatment still inside its interval */
	HEAL_R_PRODUCT, /* §3: a product's stop_before_h */
	HEAL_R_INFLAMMATION, /* §4: latest check-in inflamed (blocks) */
	HEAL_R_CONDITION /* §4: condition listed (blocks) or resting */
};

enum heal_warning_code {
	HEAL_W_EARLY_SESSION,
	HEAL_W_BLOCKED_AREA,
	HEAL_W_TOO_DEEP,
	HEAL_W_PIGMENTATION_RISK,
	HEAL_W_DEVICE_WORN,
	HEAL_W_CARTRIDGE_REUSED,
	HEAL_W_PRODUCT_TOO_SOON,
	HEAL_W_PROLONGED_INFLAMMATION,
	HEAL_W_SEE_CLINICIAN
};

/* §1: interval(d) is the first band whose max_depth_mm >= d. */
struct heal_band {
	double max_depth_mm;
	double interval_h;
};

/* §4: a check-in condition; rest_h > 0 keeps the area resting that long
 * after the first clear check-in (cold_sore, sunburn: 336 h). */
struct heal_condition {
	char   slug[HEAL_SLUG_LEN];
	double rest_h;
	char   name[HEAL_NAME_LEN]; /* "cold sore"; "": from slug */
};

struct heal_rules {
	struct heal_band      bands[HEAL_MAX_BANDS]; /* increasing depth */
	size_t                nbands;
	double                skin_factor; /* §1: 1.5 */
	int                   sensitive_fitzpatrick; /* §1: type >= 4 */
	double                pigment_depth_mm; /* §2: 0.50 */
	double                prolonged_h; /* §4: 72 */
	double                clinician_h; /* §4: 168 */
	struct heal_condition conditions[HEAL_MAX_CONDITIONS];
	size_t                nconditions;
	/* The product categories, only for their names in messages;
	 * borrowed, NULL when not given (names then come from slugs). */
	const struct heal_category *categories;
	size_t                      ncategories;
};

struct heal_profile {
	int fitzpatrick; /* 1..6, 0 when unknown */
	int sensitive;
	int melasma;
	/* IANA zone messages are written in ("Australia/Brisbane"); "" or
	 * a zone timefmt_zone_valid() refuses means UTC. */
	char time_zone[HEAL_ZONE_LEN];
};

/* A product category (§3).  Hours of 0 mean "no constraint". */
struct heal_category {
	char   slug[HEAL_SLUG_LEN];
	double stop_before_h;
	double avoid_after_h;
	int    systemic;
	char   name[HEAL_NAME_LEN]; /* "exfoliating acid"; "": from
						 * slug */
};

struct heal_treatment {
	int64_t at;
	double  depth_mm;
	int64_t session_id; /* 0 when unknown */
};

/*
 * An application as the readiness rules see it: the latest application of
 * one product to the area (or, for a systemic product, anywhere) at or
 * before now, with the product's effective stop_before_h (its override,
 * else its category's).  Products whose effective wait is 0 need not be
 * passed; the engine ignores them.
 */
struct heal_application {
	int64_t at;
	double  stop_before_h;
	char    product[HEAL_NAME_LEN]; /* product name */
	char    category[HEAL_SLUG_LEN]; /* category slug */
	int64_t product_id; /* 0 when unknown */
};

struct heal_checkin {
	int64_t  at; /* HEAL_NONE: there is no check-in */
	int      redness; /* 0..3 */
	int      swelling; /* 0..3 */
	int      pain; /* 0..3 */
	int      infection_signs;
	uint32_t conditions; /* bit i: rules->conditions[i] */
	int64_t  id; /* 0 when unknown */
};

/* §4 rest after a condition, one per condition with rest_h > 0. */
struct heal_rest {
	size_t  condition; /* index into rules->conditions */
	int64_t last_listed; /* latest check-in listing it, or
					 * HEAL_NONE if none at or before now */
	int64_t first_clear; /* first clear check-in after
					 * last_listed (at or before now), or
					 * HEAL_NONE */
	int64_t first_clear_id; /* its id, 0 when unknown */
};

/*
 * Everything the rules need about one area, as it stood at `now` (the
 * caller never passes an event later than now).
 */
struct heal_area_history {
	char slug[HEAL_SLUG_LEN];
	/* Treatments with at <= now and at > last_session_at - window, where
	 * window = heal_window(): every treatment whose interval may reach
	 * past the latest one's.  Any order. */
	const struct heal_treatment   *treatments;
	size_t                         ntreatments;
	int64_t                        last_session_at; /* latest treatment, or
							 * HEAL_NONE */
	double                         last_depth_mm; /* its depth */
	const struct heal_application *applications;
	size_t                         napplications;
	struct heal_checkin            latest; /* latest check-in */
	int64_t          treated_before_latest; /* latest treatment at
							 * or before latest.at,
							 * or HEAL_NONE */
	struct heal_rest rests[HEAL_MAX_CONDITIONS];
	size_t           nrests;
	int64_t          treated_before_latest_session; /* the session
							 * of that treatment,
							 * 0 when unknown */
};

/*
 * The facts a reason's or warning's message was made from, for machines
 * (the message is for people).  A fact that does not apply is "absent":
 * HEAL_NONE for times, 0 for ids, "" for strings, NAN for doubles, -1 for
 * ints; heal_facts_init() makes all of them absent.  Names are slugs here
 * (category, condition), product and device names as the user wrote them.
 *
 *   reason healing       at (treatment), session_id, depth_mm, interval_h
 *                        (the band's, before the factor), skin_factor (1
 *                        when not applied)
 *   reason product       at (application), product_id, product, category,
 *                        interval_h (the effective stop_before_h)
 *   reason inflammation  at, checkin_id, redness, swelling, infection_signs
 *   reason condition     at, checkin_id, condition; for the rest after a
 *                        condition, at and checkin_id of the first clear
 *                        check-in and interval_h (rest_h)
 *   early_session,       the facts of the reason the message names (the
 *   blocked_area         first reason), all absent if there is none
 *   too_deep             depth_mm, limit_mm (the area's home cap)
 *   pigmentation_risk    depth_mm, limit_mm (pigment_depth_mm),
 *                        skin_factor
 *   device_worn          session_id (the session written, if known),
 *                        device_id, device, at (first use, when worn by
 *                        age)
 *   cartridge_reused     session_id (if known), device_id, device
 *   product_too_soon     at (the treatment), session_id, depth_mm,
 *                        product_id, product, category, interval_h
 *                        (avoid_after_h)
 *   prolonged_inflammation, see_clinician (by time)
 *                        checkin_id, redness, swelling, infection_signs,
 *                        at (the treatment before the check-in),
 *                        session_id, interval_h (prolonged_h or
 *                        clinician_h)
 *   see_clinician (infection signs)
 *                        checkin_id, redness, swelling, infection_signs,
 *                        at (the check-in)
 */
struct heal_facts {
	int64_t at;
	int64_t session_id;
	double  depth_mm;
	double  limit_mm;
	int64_t product_id;
	char    product[HEAL_NAME_LEN];
	char    category[HEAL_SLUG_LEN];
	int64_t checkin_id;
	char    condition[HEAL_SLUG_LEN];
	int     redness;
	int     swelling;
	int     infection_signs;
	double  interval_h;
	double  skin_factor;
	int64_t device_id;
	char    device[HEAL_NAME_LEN];
};

struct heal_reason {
	enum heal_reason_code code;
	int64_t               until; /* HEAL_NONE while blocking */
	char                  message[HEAL_MSG_LEN];
	struct heal_facts     facts;
	unsigned int          count; /* 1, or how many identical
						 * reasons heal_reasons_merge()
						 * folded into this one */
};

struct heal_warning {
	enum heal_warning_code code;
	enum heal_severity     severity;
	char                   area[HEAL_SLUG_LEN]; /* "" when none */
	int64_t                until; /* HEAL_NONE when none */
	char                   message[HEAL_MSG_LEN];
	struct heal_facts      facts;
};

struct heal_warnings {
	struct heal_warning w[HEAL_MAX_WARNINGS];
	size_t              n;
};

struct heal_readiness {
	int     ready;
	int     blocked;
	int64_t ready_at; /* HEAL_NONE: null */
	int64_t last_session_at;
	double  last_depth_mm;
	/* Constraints still in force at now (until > now, or blocking),
	 * latest until first, blocking ones (until null) before all. */
	struct heal_reason reasons[HEAL_MAX_REASONS];
	size_t             nreasons;
	/* Standing warnings (§6): prolonged_inflammation / see_clinician of
	 * the latest check-in while it is inflamed. */
	struct heal_warnings warnings;
};

/* A session's device, as §5's warnings see it. */
struct heal_device {
	int64_t     id; /* 0 when unknown */
	const char *name; /* the caller's */
	int         is_pen;
	long long   max_uses; /* < 0: does not wear */
	long long   max_age_days; /* < 0: does not wear */
};

/* One aftercare line (§8). */
struct heal_aftercare {
	char    area[HEAL_SLUG_LEN];
	char    category[HEAL_SLUG_LEN];
	int64_t avoid_until;
};

/* Make every fact absent (see struct heal_facts). */
void heal_facts_init(struct heal_facts *);

/*
 * The name to show for something with a slug: name if not empty, else the
 * slug with each '_' turned into ' ' ("cold_sore" -> "cold sore").  Writes
 * into buf (cut on a UTF-8 boundary) and returns it.
 */
char *
heal_display_name(const char *name, const char *slug, char *buf, size_t len);

/*
 * Fold reasons equal in code, until and message (two sessions at the same
 * time and depth, say) into the first of them, adding up their counts;
 * the facts kept are the first one's (in heal_area_readiness() order, the
 * lowest ids).  The order of what remains is kept.  Returns the new number
 * of reasons; use as r->nreasons = heal_reasons_merge(r->reasons,
 * r->nreasons).
 */
size_t heal_reasons_merge(struct heal_reason *, size_t n);

/* Hours to seconds, rounded to the nearest second. */
int64_t heal_hours(double h);

/* The profile's skin factor: rules->skin_factor if the profile is
 * sensitive (§1), else 1.0. */
double heal_skin_factor(const struct heal_rules *, const struct heal_profile *);

/* Whether the profile is sensitive (§1). */
int heal_sensitive(const struct heal_rules *, const struct heal_profile *);

/* The healing interval in seconds of a treatment at depth_mm, skin factor
 * included; -1 if no band covers depth_mm. */
int64_t heal_interval(
    const struct heal_rules *, const struct heal_profile *, double depth_mm);

/* The longest interval of any band times the profile's skin factor: how
 * far back from the latest treatment the store must read treatments. */
int64_t heal_window(const struct heal_rules *, const struct heal_profile *);

/* Whether a check-in is inflamed / clear (§4). */
int heal_inflamed(const struct heal_checkin *);
int heal_clear(const struct heal_checkin *);

/*
 * Readiness of one area at now (§6).  Fills *out completely; every reason
 * has count 1 (see heal_reasons_merge()).  Messages are written in
 * profile->time_zone, dates judged against now.
 */
void heal_area_readiness(const struct heal_rules *, const struct heal_profile *,
    const struct heal_area_history *, int64_t now, struct heal_readiness *out);

/*
 * §7 warnings for one treated area of a session being written, appended
 * to *out.  r is the area's readiness at the session's started_at against
 * the history before the write.  Gives blocked_area (if r->blocked), else
 * early_session (if !r->ready, until r->ready_at), then too_deep (home and
 * depth > cap) and pigmentation_risk (home, sensitive, depth >
 * pigment_depth_mm).  Times in messages are in the profile's zone.
 */
void heal_session_area_warnings(const struct heal_rules *,
    const struct heal_profile *, const char *area,
    const struct heal_readiness *r, double depth_mm, double cap_mm, int home,
    int64_t started_at, struct heal_warnings *out);

/* Whether a device is worn at `at`, given how many sessions used it before
 * (or, for the device's own view, up to) that time and its first use (§5).
 * max_uses / max_age_days < 0 mean "does not wear". */
int heal_device_worn(long long max_uses, long long max_age_days, long long uses,
    int64_t first_used_at, int64_t at);

/*
 * §5 warnings for a session's device, appended to *out: device_worn when
 * heal_device_worn() at started_at counting earlier sessions only, and
 * cartridge_reused for a pen with new_cartridge false.  session_id is the
 * session being written (0 if it has none yet), for the facts only.
 */
void heal_session_device_warnings(const struct heal_profile *,
    const struct heal_device *, int64_t session_id, int new_cartridge,
    long long uses_before, int64_t first_used_at, int64_t started_at,
    struct heal_warnings *out);

/*
 * §3 product_too_soon for one area: application a (a->at is when; its
 * product, product_id and category are named) of a product with effective
 * avoid_after_h, where last is the latest treatment of the area at or
 * before a->at (NULL if none; for a systemic product, of any area).  Warns
 * when last->at <= a->at < last->at + avoid_after_h, with until =
 * last->at + avoid_after_h, written in the profile's zone.
 */
void heal_application_warning(const struct heal_profile *, const char *area,
    const struct heal_application *a, double avoid_after_h,
    const struct heal_treatment *last, struct heal_warnings *out);

/*
 * §4 warnings for a check-in being written: prolonged_inflammation when it
 * is inflamed more than prolonged_h after treated_before (the latest
 * treatment of the area at or before the check-in, NULL if none),
 * see_clinician (danger) as well when more than clinician_h after it, and
 * see_clinician whenever infection_signs is set (once).  Times in the
 * profile's zone.
 */
void heal_checkin_area_warnings(const struct heal_rules *,
    const struct heal_profile *, const char *area, const struct heal_checkin *,
    const struct heal_treatment *treated_before, struct heal_warnings *out);

/*
 * §8 aftercare for a session at started_at over the treated areas: one line
 * per area and category with avoid_after_h > 0, sorted by avoid_until,
 * then area, then category.  Writes at most max lines into out and returns
 * how many it wrote.
 */
size_t heal_aftercare(const struct heal_category *cats, size_t ncats,
    const char *const *areas, size_t nareas, int64_t started_at,
    struct heal_aftercare *out, size_t max);

/* Names for the API: "healing", "early_session", "warning", ... */
const char *heal_reason_name(enum heal_reason_code);
const char *heal_warning_name(enum heal_warning_code);
const char *heal_severity_name(enum heal_severity);

#endif /* NEEDLED_HEAL_H */
