// The whole inventory module behind one object: every service, built from the same database,
// clock and settings. web/ builds one at start-up and passes references to its handlers.
// Thread-safe as its services are; not copyable (services hold references).
#pragma once

#include "prokat/inventory/acknowledgment_journal.hpp"
#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/applications.hpp"
#include "prokat/inventory/board.hpp"
#include "prokat/inventory/care.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/custody.hpp"
#include "prokat/inventory/deliveries.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/families.hpp"
#include "prokat/inventory/health.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/inventory/monitoring.hpp"
#include "prokat/inventory/organization_details.hpp"
#include "prokat/inventory/photos.hpp"
#include "prokat/inventory/queries.hpp"
#include "prokat/inventory/rules_versions.hpp"
#include "prokat/inventory/settings.hpp"
#include "prokat/inventory/template_store.hpp"
#include "prokat/inventory/types.hpp"
#include "prokat/inventory/users.hpp"

namespace prokat::inventory {

struct Inventory {
  // REQUIRES: db and clock outlive this object. `settings` are those in force at start;
  // settings_store.Change puts a change in force for every service at once (live_settings.hpp).
  // SaveSettings, which bypasses it, is seen only by an Inventory built after it.
  Inventory(db::Database& db, const Clock& clock, const InventorySettings& settings)
      : live_settings(std::make_shared<LiveSettings>(settings)),
        users(db, clock),
        catalog(db, clock, live_settings),
        care(db, clock, live_settings),
        families(db, clock, live_settings),
        applications(db, clock, live_settings),
        agreements(db, clock, live_settings),
        deliveries(db, clock, live_settings),
        custody(db, clock, live_settings),
        monitoring(db, clock, live_settings),
        photos(db, clock, settings),
        lookup(db, clock),
        queries(db, clock, live_settings),
        templates(db, clock),
        organization(db, clock),
        rules_versions(db),
        acknowledgments(db, live_settings),
        board(db, clock, live_settings),
        settings_store(db, live_settings),
        health(db) {}
  Inventory(const Inventory&) = delete;
  Inventory& operator=(const Inventory&) = delete;

  std::shared_ptr<LiveSettings> live_settings;  // the settings in force; read, never Set, here
  UserService users;
  CatalogService catalog;
  CareService care;
  FamilyService families;
  ApplicationService applications;
  AgreementService agreements;
  DeliveryService deliveries;
  CustodyService custody;
  MonitoringService monitoring;
  PhotoStore photos;
  LookupService lookup;
  QueryService queries;
  TemplateStore templates;
  OrganizationDetails organization;
  RulesVersions rules_versions;
  AcknowledgmentJournal acknowledgments;
  BoardQueries board;
  SettingsService settings_store;  // stored, and put in force through live_settings
  HealthCheck health;
};

}  // namespace prokat::inventory
