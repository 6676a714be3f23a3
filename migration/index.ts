// Entry point of the root Pulumi project (Pulumi.yaml): `pulumi up` here applies the migration.
import { declareSampleMigration } from "./program";

export = declareSampleMigration();
