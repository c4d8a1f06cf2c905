import { Migration } from '@mikro-orm/migrations';

export class Migration20261128050840 extends Migration {

  override name = 'Migration20261128050840';

  override up(): void | Promise<void> {
    this.addSql(`create table "account" ("id" serial primary key, "account_number" varchar(20) not null, "first_name" varchar(255) not null, "last_name" varchar(255) not null, "email" varchar(255) null, "phone" varchar(32) null, "service_address" varchar(255) not null, "city" varchar(255) null, "postal_code" varchar(16) null, "customer_since" date not null, "status" text not null default 'pending', "disconnection_kind" text null, "rate_plan" varchar(255) not null default 'Standard Residential', "billing_cycle" text not null default 'monthly', "payment_method" text not null default 'manual', "preferred_channel" text not null default 'email', "notifications_opt_out" boolean not null default false, "balance_cents" bigint not null default '0', "overdue_since" date null, "last_billing_date" date null, "vip" boolean not null default false, "vip_pinned" boolean null, "vip_pin_reason" text null, "vip_reasons" jsonb null, "health_score" int null, "health_breakdown" jsonb null, "payment_compliance_percent" numeric(4,1) null, "metrics_computed_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "account" add constraint "account_account_number_unique" unique ("account_number");`);
    this.addSql(`create index "account_status_index" on "account" ("status");`);
    this.addSql(`create index "account_vip_index" on "account" ("vip");`);

    this.addSql(`create table "bill" ("id" serial primary key, "account_id" int not null, "period_start" date not null, "period_end" date not null, "issued_at" date not null, "due_date" date not null, "amount_cents" bigint not null, "usage" int not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "bill_account_id_due_date_index" on "bill" ("account_id", "due_date");`);
    this.addSql(`alter table "bill" add constraint "bill_account_id_period_start_period_end_unique" unique ("account_id", "period_start", "period_end");`);

    this.addSql(`create table "dashboard_snapshot" ("day" date not null, "totals" jsonb not null, "created_at" timestamptz not null, primary key ("day"));`);

    this.addSql(`create table "document" ("id" serial primary key, "account_id" int not null, "title" varchar(255) not null, "kind" text not null, "status" text not null default 'processing', "current_version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "document_account_id_index" on "document" ("account_id");`);
    this.addSql(`alter table "document" add constraint "document_account_id_title_unique" unique ("account_id", "title");`);

    this.addSql(`create table "login_attempt" ("id" serial primary key, "email" varchar(255) not null, "ip_address" varchar(255) not null, "succeeded" boolean not null, "attempted_at" timestamptz not null);`);
    this.addSql(`create index "login_attempt_email_attempted_at_index" on "login_attempt" ("email", "attempted_at");`);
    this.addSql(`create index "login_attempt_ip_address_attempted_at_index" on "login_attempt" ("ip_address", "attempted_at");`);

    this.addSql(`create table "meter" ("id" serial primary key, "meter_number" varchar(32) not null, "device_number" varchar(32) not null, "type" varchar(255) not null, "model" varchar(255) not null, "unit" varchar(16) not null default 'gallons', "installed_at" date not null, "reading_status" text not null default 'active', "created_at" timestamptz not null);`);
    this.addSql(`alter table "meter" add constraint "meter_meter_number_unique" unique ("meter_number");`);
    this.addSql(`alter table "meter" add constraint "meter_device_number_unique" unique ("device_number");`);

    this.addSql(`create table "notification" ("id" serial primary key, "account_id" int not null, "event" text not null, "channel" text null, "status" text not null default 'queued', "idempotency_key" varchar(255) not null, "payload" jsonb not null, "attempts" int not null default 0, "last_error" text null, "provider_message_id" varchar(255) null, "sent_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "notification_account_id_index" on "notification" ("account_id");`);
    this.addSql(`alter table "notification" add constraint "notification_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "notification_status_created_at_index" on "notification" ("status", "created_at");`);

    this.addSql(`create table "outbox_message" ("id" serial primary key, "target" text not null, "kind" varchar(255) not null, "payload" jsonb not null, "created_at" timestamptz not null, "available_at" timestamptz not null, "relayed_at" timestamptz null, "attempts" int not null default 0, "last_error" text null);`);

    this.addSql(`create table "service_connection" ("id" serial primary key, "account_id" int not null, "address" varchar(255) not null, "service_type" varchar(255) not null default 'water', "active" boolean not null default true, "created_at" timestamptz not null);`);
    this.addSql(`create index "service_connection_account_id_index" on "service_connection" ("account_id");`);

    this.addSql(`create table "meter_assignment" ("id" serial primary key, "meter_id" int not null, "connection_id" int not null, "assigned_at" date not null, "unassigned_at" date null, "created_at" timestamptz not null);`);
    this.addSql(`create index "meter_assignment_meter_id_index" on "meter_assignment" ("meter_id");`);
    this.addSql(`create index "meter_assignment_connection_id_index" on "meter_assignment" ("connection_id");`);

    this.addSql(`create table "technician" ("id" serial primary key, "name" varchar(255) not null, "phone" varchar(32) null, "skills" text[] not null default '{}', "active" boolean not null default true, "created_at" timestamptz not null);`);

    this.addSql(`create table "app_user" ("id" serial primary key, "email" varchar(255) not null, "name" varchar(255) not null, "role" text not null, "password_hash" varchar(255) not null, "active" boolean not null default true, "created_at" timestamptz not null);`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "setting" ("key" varchar(255) not null, "value" jsonb not null, "updated_at" timestamptz not null, "updated_by_id" int null, primary key ("key"));`);
    this.addSql(`create index "setting_updated_by_id_index" on "setting" ("updated_by_id");`);

    this.addSql(`create table "session" ("id" varchar(64) not null, "user_id" int not null, "csrf_token" varchar(64) not null, "ip_address" varchar(255) null, "user_agent" text null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "last_seen_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);
    this.addSql(`create index "session_expires_at_index" on "session" ("expires_at");`);

    this.addSql(`create table "reading" ("id" serial primary key, "meter_id" int not null, "account_id" int not null, "read_at" date not null, "value" bigint not null, "consumption" bigint null, "verification_status" text not null default 'pending', "flags" text[] not null default '{}', "source" varchar(16) not null default 'manual', "meter_replaced" boolean not null default false, "created_by_id" int null, "verified_by_id" int null, "verified_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "reading_created_by_id_index" on "reading" ("created_by_id");`);
    this.addSql(`create index "reading_verified_by_id_index" on "reading" ("verified_by_id");`);
    this.addSql(`create index "reading_meter_id_read_at_index" on "reading" ("meter_id", "read_at");`);
    this.addSql(`create index "reading_account_id_read_at_index" on "reading" ("account_id", "read_at");`);

    this.addSql(`create table "service_order" ("id" serial primary key, "order_number" varchar(20) not null, "account_id" int not null, "target_account_id" int null, "type" text not null, "description" text not null, "priority" text not null default 'normal', "status" text not null default 'created', "permanent" boolean not null default false, "technician_id" int null, "scheduled_for" timestamptz null, "window_minutes" int null, "sla_due_at" timestamptz null, "overdue" boolean not null default false, "workflow_id" varchar(255) not null, "workflow_state" text not null default 'waiting_to_start', "source_reading_id" int null, "effect_applied_at" timestamptz null, "rating" int null, "rated_at" timestamptz null, "cancel_reason" text null, "completion_note" text null, "created_by_id" int null, "created_at" timestamptz not null, "completed_at" timestamptz null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "service_order" add constraint "service_order_order_number_unique" unique ("order_number");`);
    this.addSql(`create index "service_order_target_account_id_index" on "service_order" ("target_account_id");`);
    this.addSql(`create index "service_order_technician_id_index" on "service_order" ("technician_id");`);
    this.addSql(`alter table "service_order" add constraint "service_order_workflow_id_unique" unique ("workflow_id");`);
    this.addSql(`create index "service_order_source_reading_id_index" on "service_order" ("source_reading_id");`);
    this.addSql(`create index "service_order_created_by_id_index" on "service_order" ("created_by_id");`);
    this.addSql(`create index "service_order_account_id_created_at_index" on "service_order" ("account_id", "created_at");`);
    this.addSql(`create index "service_order_status_priority_index" on "service_order" ("status", "priority");`);

    this.addSql(`create table "service_order_transition" ("id" serial primary key, "order_id" int not null, "sequence" int not null, "from_status" text null, "to_status" text not null, "action" varchar(32) not null, "at" timestamptz not null, "by_id" int null, "by_name" varchar(255) not null, "note" text null);`);
    this.addSql(`create index "service_order_transition_by_id_index" on "service_order_transition" ("by_id");`);
    this.addSql(`alter table "service_order_transition" add constraint "service_order_transition_order_id_sequence_unique" unique ("order_id", "sequence");`);

    this.addSql(`create table "payment" ("id" serial primary key, "account_id" int not null, "bill_id" int null, "reference" varchar(255) not null, "paid_at" timestamptz not null, "amount_cents" bigint not null, "method" text not null, "status" text not null, "created_by_id" int null, "created_at" timestamptz not null);`);
    this.addSql(`create index "payment_bill_id_index" on "payment" ("bill_id");`);
    this.addSql(`alter table "payment" add constraint "payment_reference_unique" unique ("reference");`);
    this.addSql(`create index "payment_created_by_id_index" on "payment" ("created_by_id");`);
    this.addSql(`create index "payment_account_id_paid_at_index" on "payment" ("account_id", "paid_at");`);

    this.addSql(`create table "note" ("id" serial primary key, "account_id" int not null, "thread" uuid not null, "version" int not null default 1, "body" text not null, "author_id" int null, "author_name" varchar(255) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "note_author_id_index" on "note" ("author_id");`);
    this.addSql(`create index "note_account_id_created_at_index" on "note" ("account_id", "created_at");`);
    this.addSql(`alter table "note" add constraint "note_thread_version_unique" unique ("thread", "version");`);

    this.addSql(`create table "fraud_flag" ("id" serial primary key, "account_id" int not null, "meter_id" int null, "kind" text not null, "note" text not null, "opened_at" timestamptz not null, "closed_at" timestamptz null, "closed_note" text null, "created_by_id" int null);`);
    this.addSql(`create index "fraud_flag_account_id_index" on "fraud_flag" ("account_id");`);
    this.addSql(`create index "fraud_flag_meter_id_index" on "fraud_flag" ("meter_id");`);
    this.addSql(`create index "fraud_flag_created_by_id_index" on "fraud_flag" ("created_by_id");`);

    this.addSql(`create table "document_version" ("id" serial primary key, "document_id" int not null, "version" int not null, "file_name" varchar(255) not null, "content_type" varchar(255) not null, "size_bytes" int not null, "sha256" varchar(64) not null, "content" bytea not null, "uploaded_by_id" int null, "uploaded_at" timestamptz not null);`);
    this.addSql(`create index "document_version_uploaded_by_id_index" on "document_version" ("uploaded_by_id");`);
    this.addSql(`alter table "document_version" add constraint "document_version_document_id_version_unique" unique ("document_id", "version");`);

    this.addSql(`create table "complaint" ("id" serial primary key, "account_id" int not null, "category" varchar(255) not null, "description" text not null, "status" text not null default 'open', "opened_at" timestamptz not null, "resolved_at" timestamptz null, "resolution" text null, "created_by_id" int null, "resolved_by_id" int null);`);
    this.addSql(`create index "complaint_created_by_id_index" on "complaint" ("created_by_id");`);
    this.addSql(`create index "complaint_resolved_by_id_index" on "complaint" ("resolved_by_id");`);
    this.addSql(`create index "complaint_account_id_opened_at_index" on "complaint" ("account_id", "opened_at");`);
    this.addSql(`create index "complaint_status_opened_at_index" on "complaint" ("status", "opened_at");`);

    this.addSql(`create table "communication" ("id" serial primary key, "account_id" int not null, "channel" text not null, "direction" text not null, "subject" varchar(255) null, "body" text not null, "duration_seconds" int null, "occurred_at" timestamptz not null, "notification_id" int null, "created_by_id" int null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "communication" add constraint "communication_notification_id_unique" unique ("notification_id");`);
    this.addSql(`create index "communication_created_by_id_index" on "communication" ("created_by_id");`);
    this.addSql(`create index "communication_account_id_occurred_at_index" on "communication" ("account_id", "occurred_at");`);

    this.addSql(`create table "audit_log" ("id" serial primary key, "at" timestamptz not null, "user_id" int null, "user_name" varchar(255) not null, "action" varchar(255) not null, "entity" varchar(255) not null, "entity_id" varchar(255) not null, "before" jsonb null, "after" jsonb null, "request_id" varchar(255) null);`);
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);
    this.addSql(`create index "audit_log_user_id_index" on "audit_log" ("user_id");`);
    this.addSql(`create index "audit_log_entity_entity_id_index" on "audit_log" ("entity", "entity_id");`);

    this.addSql(`create table "api_token" ("id" serial primary key, "user_id" int not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "adjustment" ("id" serial primary key, "account_id" int not null, "amount_cents" bigint not null, "reason" text not null, "created_by_id" int null, "created_at" timestamptz not null);`);
    this.addSql(`create index "adjustment_account_id_index" on "adjustment" ("account_id");`);
    this.addSql(`create index "adjustment_created_by_id_index" on "adjustment" ("created_by_id");`);

    this.addSql(`alter table "account" add constraint "account_status_check" check ("status" in ('active', 'inactive', 'pending', 'disconnected', 'collection'));`);
    this.addSql(`alter table "account" add constraint "account_disconnection_kind_check" check ("disconnection_kind" in ('temporary', 'permanent'));`);
    this.addSql(`alter table "account" add constraint "account_billing_cycle_check" check ("billing_cycle" in ('monthly', 'quarterly'));`);
    this.addSql(`alter table "account" add constraint "account_payment_method_check" check ("payment_method" in ('autopay', 'manual'));`);
    this.addSql(`alter table "account" add constraint "account_preferred_channel_check" check ("preferred_channel" in ('email', 'sms'));`);

    this.addSql(`alter table "bill" add constraint "bill_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "document" add constraint "document_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "document" add constraint "document_kind_check" check ("kind" in ('service_agreement', 'billing_authorization', 'report', 'other'));`);
    this.addSql(`alter table "document" add constraint "document_status_check" check ("status" in ('processing', 'verified', 'published'));`);

    this.addSql(`alter table "meter" add constraint "meter_reading_status_check" check ("reading_status" in ('active', 'inactive', 'maintenance'));`);

    this.addSql(`alter table "notification" add constraint "notification_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "notification" add constraint "notification_event_check" check ("event" in ('order_created', 'technician_scheduled', 'appointment_reminder', 'order_completed', 'satisfaction_survey', 'payment_failed', 'balance_overdue', 'anomalous_reading'));`);
    this.addSql(`alter table "notification" add constraint "notification_channel_check" check ("channel" in ('email', 'sms'));`);
    this.addSql(`alter table "notification" add constraint "notification_status_check" check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped'));`);

    this.addSql(`alter table "outbox_message" add constraint "outbox_message_target_check" check ("target" in ('temporal', 'bullmq'));`);

    this.addSql(`alter table "service_connection" add constraint "service_connection_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "meter_assignment" add constraint "meter_assignment_meter_id_foreign" foreign key ("meter_id") references "meter" ("id");`);
    this.addSql(`alter table "meter_assignment" add constraint "meter_assignment_connection_id_foreign" foreign key ("connection_id") references "service_connection" ("id");`);

    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in ('agent', 'dispatcher', 'admin'));`);

    this.addSql(`alter table "setting" add constraint "setting_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on delete set null;`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);

    this.addSql(`alter table "reading" add constraint "reading_meter_id_foreign" foreign key ("meter_id") references "meter" ("id");`);
    this.addSql(`alter table "reading" add constraint "reading_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "reading" add constraint "reading_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "reading" add constraint "reading_verified_by_id_foreign" foreign key ("verified_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "reading" add constraint "reading_verification_status_check" check ("verification_status" in ('pending', 'verified', 'rejected'));`);

    this.addSql(`alter table "service_order" add constraint "service_order_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "service_order" add constraint "service_order_target_account_id_foreign" foreign key ("target_account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "service_order" add constraint "service_order_technician_id_foreign" foreign key ("technician_id") references "technician" ("id") on delete set null;`);
    this.addSql(`alter table "service_order" add constraint "service_order_source_reading_id_foreign" foreign key ("source_reading_id") references "reading" ("id") on delete set null;`);
    this.addSql(`alter table "service_order" add constraint "service_order_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "service_order" add constraint "service_order_type_check" check ("type" in ('transfer', 'disconnection', 'reconnection', 'meter_reading', 'maintenance', 'repair', 'inspection', 'installation'));`);
    this.addSql(`alter table "service_order" add constraint "service_order_priority_check" check ("priority" in ('low', 'normal', 'high', 'emergency'));`);
    this.addSql(`alter table "service_order" add constraint "service_order_status_check" check ("status" in ('created', 'assigned', 'scheduled', 'in_progress', 'completed', 'cancelled'));`);
    this.addSql(`alter table "service_order" add constraint "service_order_workflow_state_check" check ("workflow_state" in ('waiting_to_start', 'running', 'closed'));`);

    this.addSql(`alter table "service_order_transition" add constraint "service_order_transition_order_id_foreign" foreign key ("order_id") references "service_order" ("id");`);
    this.addSql(`alter table "service_order_transition" add constraint "service_order_transition_by_id_foreign" foreign key ("by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "service_order_transition" add constraint "service_order_transition_from_status_check" check ("from_status" in ('created', 'assigned', 'scheduled', 'in_progress', 'completed', 'cancelled'));`);
    this.addSql(`alter table "service_order_transition" add constraint "service_order_transition_to_status_check" check ("to_status" in ('created', 'assigned', 'scheduled', 'in_progress', 'completed', 'cancelled'));`);

    this.addSql(`alter table "payment" add constraint "payment_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "payment" add constraint "payment_bill_id_foreign" foreign key ("bill_id") references "bill" ("id") on delete set null;`);
    this.addSql(`alter table "payment" add constraint "payment_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "payment" add constraint "payment_method_check" check ("method" in ('credit_card', 'bank_transfer', 'ach', 'cash', 'check'));`);
    this.addSql(`alter table "payment" add constraint "payment_status_check" check ("status" in ('processed', 'pending', 'failed'));`);

    this.addSql(`alter table "note" add constraint "note_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "note" add constraint "note_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on delete set null;`);

    this.addSql(`alter table "fraud_flag" add constraint "fraud_flag_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "fraud_flag" add constraint "fraud_flag_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on delete set null;`);
    this.addSql(`alter table "fraud_flag" add constraint "fraud_flag_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "fraud_flag" add constraint "fraud_flag_kind_check" check ("kind" in ('fraud', 'tampering'));`);

    this.addSql(`alter table "document_version" add constraint "document_version_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_version" add constraint "document_version_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "app_user" ("id") on delete set null;`);

    this.addSql(`alter table "complaint" add constraint "complaint_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "complaint" add constraint "complaint_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "complaint" add constraint "complaint_resolved_by_id_foreign" foreign key ("resolved_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "complaint" add constraint "complaint_status_check" check ("status" in ('open', 'resolved'));`);

    this.addSql(`alter table "communication" add constraint "communication_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "communication" add constraint "communication_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "communication" add constraint "communication_channel_check" check ("channel" in ('email', 'phone', 'sms', 'system'));`);
    this.addSql(`alter table "communication" add constraint "communication_direction_check" check ("direction" in ('to_customer', 'from_customer'));`);

    this.addSql(`alter table "audit_log" add constraint "audit_log_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete set null;`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);

    this.addSql(`alter table "adjustment" add constraint "adjustment_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "adjustment" add constraint "adjustment_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "bill" drop constraint "bill_account_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_account_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_account_id_foreign";`);
    this.addSql(`alter table "service_connection" drop constraint "service_connection_account_id_foreign";`);
    this.addSql(`alter table "reading" drop constraint "reading_account_id_foreign";`);
    this.addSql(`alter table "service_order" drop constraint "service_order_account_id_foreign";`);
    this.addSql(`alter table "service_order" drop constraint "service_order_target_account_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_account_id_foreign";`);
    this.addSql(`alter table "note" drop constraint "note_account_id_foreign";`);
    this.addSql(`alter table "fraud_flag" drop constraint "fraud_flag_account_id_foreign";`);
    this.addSql(`alter table "complaint" drop constraint "complaint_account_id_foreign";`);
    this.addSql(`alter table "communication" drop constraint "communication_account_id_foreign";`);
    this.addSql(`alter table "adjustment" drop constraint "adjustment_account_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_bill_id_foreign";`);
    this.addSql(`alter table "document_version" drop constraint "document_version_document_id_foreign";`);
    this.addSql(`alter table "meter_assignment" drop constraint "meter_assignment_meter_id_foreign";`);
    this.addSql(`alter table "reading" drop constraint "reading_meter_id_foreign";`);
    this.addSql(`alter table "fraud_flag" drop constraint "fraud_flag_meter_id_foreign";`);
    this.addSql(`alter table "meter_assignment" drop constraint "meter_assignment_connection_id_foreign";`);
    this.addSql(`alter table "service_order" drop constraint "service_order_technician_id_foreign";`);
    this.addSql(`alter table "setting" drop constraint "setting_updated_by_id_foreign";`);
    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);
    this.addSql(`alter table "reading" drop constraint "reading_created_by_id_foreign";`);
    this.addSql(`alter table "reading" drop constraint "reading_verified_by_id_foreign";`);
    this.addSql(`alter table "service_order" drop constraint "service_order_created_by_id_foreign";`);
    this.addSql(`alter table "service_order_transition" drop constraint "service_order_transition_by_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_created_by_id_foreign";`);
    this.addSql(`alter table "note" drop constraint "note_author_id_foreign";`);
    this.addSql(`alter table "fraud_flag" drop constraint "fraud_flag_created_by_id_foreign";`);
    this.addSql(`alter table "document_version" drop constraint "document_version_uploaded_by_id_foreign";`);
    this.addSql(`alter table "complaint" drop constraint "complaint_created_by_id_foreign";`);
    this.addSql(`alter table "complaint" drop constraint "complaint_resolved_by_id_foreign";`);
    this.addSql(`alter table "communication" drop constraint "communication_created_by_id_foreign";`);
    this.addSql(`alter table "audit_log" drop constraint "audit_log_user_id_foreign";`);
    this.addSql(`alter table "api_token" drop constraint "api_token_user_id_foreign";`);
    this.addSql(`alter table "adjustment" drop constraint "adjustment_created_by_id_foreign";`);
    this.addSql(`alter table "service_order" drop constraint "service_order_source_reading_id_foreign";`);
    this.addSql(`alter table "service_order_transition" drop constraint "service_order_transition_order_id_foreign";`);

    this.addSql(`drop table if exists "account" cascade;`);
    this.addSql(`drop table if exists "bill" cascade;`);
    this.addSql(`drop table if exists "dashboard_snapshot" cascade;`);
    this.addSql(`drop table if exists "document" cascade;`);
    this.addSql(`drop table if exists "login_attempt" cascade;`);
    this.addSql(`drop table if exists "meter" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);
    this.addSql(`drop table if exists "outbox_message" cascade;`);
    this.addSql(`drop table if exists "service_connection" cascade;`);
    this.addSql(`drop table if exists "meter_assignment" cascade;`);
    this.addSql(`drop table if exists "technician" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "setting" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "reading" cascade;`);
    this.addSql(`drop table if exists "service_order" cascade;`);
    this.addSql(`drop table if exists "service_order_transition" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop table if exists "note" cascade;`);
    this.addSql(`drop table if exists "fraud_flag" cascade;`);
    this.addSql(`drop table if exists "document_version" cascade;`);
    this.addSql(`drop table if exists "complaint" cascade;`);
    this.addSql(`drop table if exists "communication" cascade;`);
    this.addSql(`drop table if exists "audit_log" cascade;`);
    this.addSql(`drop table if exists "api_token" cascade;`);
    this.addSql(`drop table if exists "adjustment" cascade;`);
  }

}
