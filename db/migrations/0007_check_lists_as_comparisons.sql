-- A CHECK (column IN ('a', 'b', 'c', ...)) makes SQLite 3.40 build a temporary b-tree of the
-- list every time the row is checked: a page allocated and zeroed, the values inserted, the
-- b-tree freed: 13% of the instructions of lending two items, 21% of taking them back
-- (callgrind, inventory_bench). The same checks written as comparisons joined by OR compile
-- to a few Eq instructions. Lists of one or two values already compile that way and stay.
--
-- Only the text of each check changes; what it accepts does not, and no row is rewritten.
-- That is SQLite's documented way to change a CHECK constraint without rebuilding the table
-- (lang_altertable.html, "other kinds of table schema changes"): writable_schema, an UPDATE
-- of sqlite_schema, then RESET to reload this connection's schema. The migration runner
-- then increments the schema version so that every other open connection reloads it too.
-- A database whose text differs (none should) keeps its lists: slower, equally correct.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (role IN (''staff'', ''driver'', ''supervisor'', ''admin''))',
  'CHECK (role = ''staff'' OR role = ''driver'' OR role = ''supervisor'' OR role = ''admin'')')
WHERE type = 'table' AND name = 'user';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (category IN (''rehabilitation'', ''baby'', ''leisure_sport'', ''multibox''))',
  'CHECK (category = ''rehabilitation'' OR category = ''baby'' OR category = ''leisure_sport'' OR category = ''multibox'')')
WHERE type = 'table' AND name = 'item_type';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (condition IN (''new'', ''good'', ''fair'', ''poor'', ''broken''))',
  'CHECK (condition = ''new'' OR condition = ''good'' OR condition = ''fair'' OR condition = ''poor'' OR condition = ''broken'')')
WHERE type = 'table' AND name = 'item';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (status IN (''available'', ''reserved'', ''out_for_delivery'',
                     ''on_loan'', ''inspection'', ''in_repair'', ''in_custody'', ''lost'', ''written_off''))',
  'CHECK (status = ''available'' OR status = ''reserved'' OR status = ''out_for_delivery'' OR status = ''on_loan'' OR status = ''inspection'' OR status = ''in_repair'' OR status = ''in_custody'' OR status = ''lost'' OR status = ''written_off'')')
WHERE type = 'table' AND name = 'item';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (target_group IN (''disabled_child'', ''special_needs_child'',
                  ''serviceman_family'', ''difficult_situation'', ''newborn_kept'', ''disabled_adult''))',
  'CHECK (target_group = ''disabled_child'' OR target_group = ''special_needs_child'' OR target_group = ''serviceman_family'' OR target_group = ''difficult_situation'' OR target_group = ''newborn_kept'' OR target_group = ''disabled_adult'')')
WHERE type = 'table' AND name = 'family_target_group';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (category IN (''none'', ''disabled'', ''special_needs''))',
  'CHECK (category = ''none'' OR category = ''disabled'' OR category = ''special_needs'')')
WHERE type = 'table' AND name = 'child';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (status IN (''waiting'', ''reserved'', ''fulfilled'', ''lapsed'',
                   ''cancelled''))',
  'CHECK (status = ''waiting'' OR status = ''reserved'' OR status = ''fulfilled'' OR status = ''lapsed'' OR status = ''cancelled'')')
WHERE type = 'table' AND name = 'application';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (state IN (''draft'', ''active'', ''extended'', ''partly_returned'',
                   ''closed'', ''terminated'', ''cancelled''))',
  'CHECK (state = ''draft'' OR state = ''active'' OR state = ''extended'' OR state = ''partly_returned'' OR state = ''closed'' OR state = ''terminated'' OR state = ''cancelled'')')
WHERE type = 'table' AND name = 'agreement';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (status IN (''planned'', ''out'', ''done'', ''failed''))',
  'CHECK (status = ''planned'' OR status = ''out'' OR status = ''done'' OR status = ''failed'')')
WHERE type = 'table' AND name = 'delivery';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (form IN (''visit'', ''call'', ''video''))',
  'CHECK (form = ''visit'' OR form = ''call'' OR form = ''video'')')
WHERE type = 'table' AND name = 'condition_check';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (form IN (''in_person'', ''phone'', ''video''))',
  'CHECK (form = ''in_person'' OR form = ''phone'' OR form = ''video'')')
WHERE type = 'table' AND name = 'consultation';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (occasion IN (''handover'', ''return'', ''door'', ''inspection''))',
  'CHECK (occasion = ''handover'' OR occasion = ''return'' OR occasion = ''door'' OR occasion = ''inspection'')')
WHERE type = 'table' AND name = 'photo';
UPDATE sqlite_schema SET sql = replace(sql,
  'CHECK (kind IN (''agreement'', ''application'', ''consent'',
                 ''multibox_act'', ''multibox_report''))',
  'CHECK (kind = ''agreement'' OR kind = ''application'' OR kind = ''consent'' OR kind = ''multibox_act'' OR kind = ''multibox_report'')')
WHERE type = 'table' AND name = 'document_template';
PRAGMA writable_schema = RESET;
