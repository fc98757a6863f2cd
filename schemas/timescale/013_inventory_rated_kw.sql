-- The charger's nameplate output power (inventory.csv column rated_kw): what the derating
-- detector judges delivered power against, kept with the rest of the operator's inventory.
ALTER TABLE inventory ADD COLUMN rated_kw double precision CHECK (rated_kw > 0);
