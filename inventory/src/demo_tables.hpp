// Names and catalogue of the demo point (Russian), used only by demo_data.cpp.
#pragma once

#include <array>

#include "prokat/inventory/types.hpp"

namespace prokat::inventory::demo {

struct TypeSpec {
  const char* name;
  ItemCategory category;
  int rules;  // index into kRules
  int count;
  const char* prefix;
  std::array<const char*, 3> models;
  std::array<const char*, 2> components;
};

constexpr std::array<const char*, 4> kRules = {
    "Правила пользования техническими средствами реабилитации",
    "Правила пользования товарами для детей первого года жизни",
    "Правила пользования спортивным и досуговым инвентарём",
    "Правила пользования портативным мультибоксом"};

constexpr std::array<TypeSpec, 13> kTypes = {{
    {"Вертикализатор",
     ItemCategory::kRehabilitation,
     0,
     20,
     "ВР",
     {"Кузнечик-1", "Akces-Med Taurus", "Ortonica Lite"},
     {"Столик", "Ремни фиксации"}},
    {"Коляска прогулочная",
     ItemCategory::kBaby,
     1,
     35,
     "КП",
     {"Yoya Plus", "Babyton Cosmo", "Chicco Lite Way"},
     {"Дождевик", "Корзина"}},
    {"Кресло-коляска детская",
     ItemCategory::kRehabilitation,
     0,
     15,
     "КК",
     {"Ortonica Puma", "Армед Н-035", "Otto Bock Kimba"},
     {"Подголовник", "Абдуктор"}},
    {"Ходунки",
     ItemCategory::kRehabilitation,
     0,
     40,
     "ХД",
     {"Ortonica XS 201", "Армед FS913L", "Akces-Med Mini"},
     {"Колёса", "Сиденье"}},
    {"Утяжеленное одеяло",
     ItemCategory::kRehabilitation,
     0,
     35,
     "ОД",
     {"Сенсорика 5 кг", "Сенсорика 3 кг", "Тяжеловес 4 кг"},
     {"Чехол", "Мешок"}},
    {"Кровать детская",
     ItemCategory::kBaby,
     1,
     25,
     "КР",
     {"Папа Карло", "Кубаныч", "Гандылян Дашенька"},
     {"Матрас", "Бортик"}},
    {"Манеж",
     ItemCategory::kBaby,
     1,
     15,
     "МН",
     {"Carrello Piccolo", "Happy Baby Alex", "Jetem Sonet"},
     {"Матрас", "Чехол"}},
    {"Автокресло",
     ItemCategory::kBaby,
     1,
     20,
     "АК",
     {"Siger Кокон", "Heyner MaxiProtect", "Babyton Mini"},
     {"Вкладыш", "Инструкция"}},
    {"Опора для сидения",
     ItemCategory::kRehabilitation,
     0,
     10,
     "ОС",
     {"Akces-Med Rysio", "Ortonica Seat", "Тривес"},
     {"Столик", "Ремни"}},
    {"Стульчик для купания",
     ItemCategory::kRehabilitation,
     0,
     15,
     "СК",
     {"Ortonica Bath", "Армед", "Akces-Med Aqua"},
     {"Ремни", "Подголовник"}},
    {"Самокат детский",
     ItemCategory::kLeisureSport,
     2,
     15,
     "СМ",
     {"Micro Mini", "Globber Go Up", "Novatrack"},
     {"Руль", "Шлем"}},
    {"Лыжи детские",
     ItemCategory::kLeisureSport,
     2,
     15,
     "ЛЖ",
     {"Tisa Junior", "Nordway Kids", "Маяк"},
     {"Палки", "Крепления"}},
    {"Палатка туристическая",
     ItemCategory::kLeisureSport,
     2,
     10,
     "ПТ",
     {"Outventure Dalen 3", "Greenell Дом 4", "Trek Planet"},
     {"Колышки", "Чехол"}},
}};

constexpr std::array<const char*, 3> kBoxContents = {"Сенсорная панель", "Балансировочная доска",
                                                     "Набор Монтессори"};
constexpr std::array<const char*, 10> kBoxNames = {
    "Сенсорика",     "Мелкая моторика", "Речь и звуки",  "Равновесие",  "Цвет и форма",
    "Счёт и логика", "Тактильный",      "Ритм и музыка", "Конструктор", "Первые шаги"};
constexpr std::array<const char*, 16> kSurnames = {
    "Иванова",   "Смирнова",  "Кузнецова", "Попова",   "Васильева", "Петрова",
    "Соколова",  "Михайлова", "Новикова",  "Фёдорова", "Морозова",  "Волкова",
    "Алексеева", "Лебедева",  "Семёнова",  "Егорова"};
constexpr std::array<const char*, 12> kMothers = {"Анна",    "Мария",     "Елена", "Ольга",
                                                  "Наталья", "Татьяна",   "Ирина", "Светлана",
                                                  "Юлия",    "Екатерина", "Дарья", "Алёна"};
constexpr std::array<const char*, 8> kPatronymics = {"Александровна", "Сергеевна", "Викторовна",
                                                     "Игоревна",      "Андреевна", "Николаевна",
                                                     "Павловна",      "Олеговна"};
constexpr std::array<const char*, 12> kChildren = {"Артём",  "Миша",   "Соня",    "Варя",
                                                   "Матвей", "Ева",    "Тимофей", "Алиса",
                                                   "Кирилл", "Полина", "Егор",    "Вика"};
constexpr std::array<const char*, 8> kDistricts = {
    "Центральный", "Железнодорожный", "Индустриальный", "Ленинский",
    "Октябрьский", "с. Власиха",      "пос. Южный",     "с. Лебяжье"};
constexpr std::array<const char*, 8> kStreets = {"ул. Ленина",     "ул. Попова",  "ул. Малахова",
                                                 "пр. Строителей", "ул. Юрина",   "ул. Мира",
                                                 "ул. Советская",  "ул. Шумакова"};

}  // namespace prokat::inventory::demo
