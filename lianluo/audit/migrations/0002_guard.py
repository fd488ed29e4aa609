# The audit log below the application: no row is changed (but for the foreign keys Django sets
# to NULL when a user or an organisation is deleted), and on PostgreSQL no row is deleted unless
# audit_purge's permit, written in the same transaction, covers its time. SQLite gets the update
# guard only: its test databases are emptied row by row, which a delete guard would refuse.

import django.utils.timezone
from django.db import migrations, models

UNCHANGED = " AND ".join(
    f"NEW.{column} IS NOT DISTINCT FROM OLD.{column}"
    for column in (
        "at", "actor_username", "action", "target_type", "target_id", "target_repr",
        "before", "after", "ip_address", "user_agent",
    )
)  # fmt: skip
KEYS_KEPT_OR_CLEARED = (
    "(NEW.actor_id IS NULL OR NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id) AND "
    "(NEW.organisation_id IS NULL OR NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id)"
)

POSTGRES = f"""
CREATE OR REPLACE FUNCTION audit_auditentry_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF {UNCHANGED} AND {KEYS_KEPT_OR_CLEARED} THEN RETURN NEW; END IF;
    RAISE EXCEPTION 'audit entries cannot be changed (审计记录不可修改)';
  END IF;
  IF EXISTS (SELECT 1 FROM audit_auditpurgepermit p WHERE OLD.at < p.cutoff) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit entries cannot be deleted (审计记录不可删除)';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_guard BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_auditentry_guard();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS audit_auditentry_guard ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_guard();
"""
SQLITE = f"""
CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
WHEN NOT ({UNCHANGED.replace("IS NOT DISTINCT FROM", "IS")} AND
          {KEYS_KEPT_OR_CLEARED.replace("IS NOT DISTINCT FROM", "IS")})
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed (审计记录不可修改)'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_auditentry_no_update;"


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditPurgePermit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cutoff', models.DateTimeField()),
            ],
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='时间'),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
