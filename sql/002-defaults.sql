-- The shipped defaults of healing-model.md.  Everything the healing engine
-- uses comes from these rows; nothing in C repeats them.

INSERT INTO profile (id, name) VALUES (1, '');

INSERT INTO rules (id, skin_factor, sensitive_fitzpatrick, pigment_depth_mm,
    prolonged_h, clinician_h)
VALUES (1, 1.5, 4, 0.50, 72, 168);

-- §1
INSERT INTO interval_band (max_depth_mm, interval_h) VALUES
	(0.30, 72),
	(0.50, 336),
	(0.75, 504),
	(1.00, 672),
	(1.50, 1008),
	(2.00, 1008),
	(3.00, 1344);

-- §2
INSERT INTO area (slug, name, region, max_home_depth_mm) VALUES
	('forehead',	'Forehead',	'face',		0.50),
	('under-eye',	'Under-eye',	'face',		0.25),
	('nose',	'Nose',		'face',		0.25),
	('upper-lip',	'Upper lip',	'face',		0.25),
	('cheeks',	'Cheeks',	'face',		0.50),
	('chin',	'Chin',		'face',		0.50),
	('jawline',	'Jawline',	'face',		0.50),
	('neck',	'Neck',		'neck',		0.50),
	('decolletage',	'Décolletage',	'body',		0.50),
	('scalp',	'Scalp',	'scalp',	0.25),
	('hands',	'Hands',	'body',		0.50),
	('arms',	'Arms',		'body',		1.00),
	('abdomen',	'Abdomen',	'body',		1.00),
	('thighs',	'Thighs',	'body',		1.00),
	('buttocks',	'Buttocks',	'body',		1.00),
	('back',	'Back',		'body',		1.00);

-- §3
INSERT INTO product_category (slug, name, stop_before_h, avoid_after_h, systemic) VALUES
	('retinoid',		'Retinoid',			168,	240,	0),
	('exfoliating_acid',	'Exfoliating acid (AHA/BHA)',	168,	168,	0),
	('benzoyl_peroxide',	'Benzoyl peroxide',		168,	168,	0),
	('hydroquinone',	'Hydroquinone',			168,	168,	0),
	('vitamin_c',		'Vitamin C (L-ascorbic acid)',	24,	72,	0),
	('scrub',		'Scrub',			72,	120,	0),
	('makeup',		'Makeup',			0,	48,	0),
	('fragrance',		'Fragrance',			0,	48,	0),
	('chemical_sunscreen',	'Chemical sunscreen',		0,	24,	0),
	('minoxidil',		'Minoxidil',			0,	48,	0),
	('oral_isotretinoin',	'Oral isotretinoin',		4380,	0,	1),
	('hyaluronic_acid',	'Hyaluronic acid',		0,	0,	0),
	('peptide',		'Peptide',			0,	0,	0),
	('growth_factor',	'Growth factor',		0,	0,	0),
	('moisturizer',		'Moisturizer',			0,	0,	0),
	('other',		'Other',			0,	0,	0);

-- §4
INSERT INTO condition (slug, bit, rest_h) VALUES
	('active_acne',		0,	0),
	('cold_sore',		1,	336),
	('sunburn',		2,	336),
	('open_wound',		3,	0),
	('eczema_flare',	4,	0);

-- §5
INSERT INTO device_kind (kind, fixed_length, single_use_cartridge, max_uses, max_age_days) VALUES
	('roller',	1,	0,	12,	42),
	('stamp',	1,	0,	12,	42),
	('pen',		0,	1,	NULL,	NULL);
