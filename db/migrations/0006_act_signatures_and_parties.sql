-- Signatures drawn on screen belong to one act and one signer, and each act keeps the parties
-- as they were when it was signed (a family's record edited later does not change a reprint).
--
-- photo.signer: whose signature the image is ('family' = the family's representative,
-- 'staff' = the staff member); NULL for photos that are not signatures.
-- photo.return_act_id: for a signature taken at a return, the return act it was given for
-- (set when that return is recorded). A handover signature belongs to the agreement's one
-- handover act.
ALTER TABLE photo ADD COLUMN signer TEXT CHECK (signer IN ('family', 'staff'));
ALTER TABLE photo ADD COLUMN return_act_id INTEGER REFERENCES return_act(id);
CREATE INDEX photo_by_agreement ON photo(agreement_id) WHERE agreement_id IS NOT NULL;

-- handover_act.snapshot (written empty until now) and return_act.snapshot hold the parties:
-- "key<TAB>value" lines (family.representative, family.address, family.phone, child.name,
-- child.birth_date, staff.name); empty for acts made before this migration, which print the
-- family's current record.
ALTER TABLE return_act ADD COLUMN snapshot TEXT NOT NULL DEFAULT '';

-- Signatures taken before this migration were stored without their signer. The desk sent, for
-- a handover, the family's pad and then the staff member's (a retry sent both again); for a
-- return, the family's pad only, just before the return was recorded.
UPDATE photo SET signer = CASE (
    SELECT COUNT(*) FROM photo p WHERE p.agreement_id = photo.agreement_id
      AND p.occasion = 'handover' AND p.item_id IS NULL AND p.id < photo.id) % 2
  WHEN 0 THEN 'family' ELSE 'staff' END
WHERE occasion = 'handover' AND item_id IS NULL AND agreement_id IS NOT NULL;
UPDATE photo SET signer = 'family', return_act_id = (
    SELECT r.id FROM return_act r WHERE r.agreement_id = photo.agreement_id
      AND r.signed_at >= photo.taken_at ORDER BY r.signed_at, r.id LIMIT 1)
WHERE occasion = 'return' AND item_id IS NULL AND agreement_id IS NOT NULL;
