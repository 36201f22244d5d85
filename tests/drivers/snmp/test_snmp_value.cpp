#include <gtest/gtest.h>

#include "snmp_value.h"

namespace sitepower::snmp {
namespace {

Varbind integer(std::int64_t v) { return {{1, 3, 6, 1, 4, 1, 318, 7}, VarType::Integer, v, 0, ""}; }
Varbind of_type(VarType t) { return {{1, 3, 6, 1, 9}, t, 0, 0, ""}; }
Varbind text(const std::string& s) { return {{1, 3, 6, 1, 9}, VarType::OctetString, 0, 0, s}; }

TEST(SnmpValue, ScalesIntegersAndUnsigned) {
  EXPECT_DOUBLE_EQ(*convert_value(integer(123), {10, {}, false}).value, 1230);
  Varbind gauge = of_type(VarType::Gauge32);
  gauge.unsigned_value = 4294967295u;
  EXPECT_DOUBLE_EQ(*convert_value(gauge, {}).value, 4294967295.0);
  Varbind c64 = of_type(VarType::Counter64);
  c64.unsigned_value = 1ull << 40;
  EXPECT_DOUBLE_EQ(*convert_value(c64, {}).value, 1099511627776.0);
}

TEST(SnmpValue, ACounterRollsOverAtItsTypesWidthScaledAsItsValue) {
  EXPECT_DOUBLE_EQ(counter_span(of_type(VarType::Counter32), {}), 4294967296.0);
  EXPECT_DOUBLE_EQ(counter_span(of_type(VarType::Gauge32), {}, 1), 429496729.6);  // Raritan Unsigned32, 1 digit
  EXPECT_DOUBLE_EQ(counter_span(of_type(VarType::Counter64), {}), 18446744073709551616.0);
  EXPECT_DOUBLE_EQ(counter_span(integer(5), {100, {}, false}), 214748364800.0);  // APC: tenths of kWh in Wh
  EXPECT_DOUBLE_EQ(counter_span(text("12.5"), {}), 0);                          // no width: every drop is a reset
}

TEST(SnmpValue, DecimalDigitsDivide) {
  EXPECT_DOUBLE_EQ(*convert_value(integer(16512), {}, 3).value, 16.512);
  EXPECT_FALSE(convert_value(integer(1), {}, 10).value);
  EXPECT_FALSE(convert_value(integer(1), {}, -1).value);
}

TEST(SnmpValue, NotAvailableMarkersAreErrorsNeverZero) {
  const Converted c = convert_value(integer(-1), {1, {-1}, false});
  EXPECT_FALSE(c.value);
  EXPECT_NE(c.error.find("not available (the PDU reports -1"), std::string::npos) << c.error;
  EXPECT_FALSE(convert_value(integer(-5), {1, {}, true}).value);
  EXPECT_DOUBLE_EQ(*convert_value(integer(-5), {1, {-1}, false}).value, -5);  // only the listed marker
}

TEST(SnmpValue, ExceptionsAndWrongTypesSayWhat) {
  EXPECT_NE(convert_value(of_type(VarType::NoSuchObject), {}).error.find("noSuchObject at 1.3.6.1.9"), std::string::npos);
  EXPECT_NE(convert_value(of_type(VarType::NoSuchInstance), {}).error.find("noSuchInstance"), std::string::npos);
  EXPECT_NE(convert_value(of_type(VarType::EndOfMibView), {}).error.find("endOfMibView"), std::string::npos);
  EXPECT_NE(convert_value(of_type(VarType::ObjectId), {}).error.find("wrong type OBJECT IDENTIFIER"), std::string::npos);
  EXPECT_NE(convert_value(of_type(VarType::TimeTicks), {}).error.find("wrong type TimeTicks"), std::string::npos);
  EXPECT_NE(convert_value(of_type(VarType::Null), {}).error.find("wrong type NULL"), std::string::npos);
}

TEST(SnmpValue, NumericStringsAreNumbersOthersAreNot) {
  EXPECT_DOUBLE_EQ(*convert_value(text("230.4"), {}).value, 230.4);
  EXPECT_FALSE(convert_value(text("230.4 V"), {}).value);
  EXPECT_FALSE(convert_value(text(""), {}).value);
  EXPECT_FALSE(convert_value(text("nan"), {}).value);
}

TEST(SnmpValue, EnumsAndDecimalDigitsWantIntegers) {
  EXPECT_DOUBLE_EQ(*convert_enum(integer(7)).value, 7);
  EXPECT_FALSE(convert_enum(text("7")).value);
  EXPECT_FALSE(convert_decimal_digits(integer(12)).value);
  EXPECT_DOUBLE_EQ(*convert_decimal_digits(integer(3)).value, 3);
}

TEST(SnmpValue, LabelsArePrintableAndBounded) {
  EXPECT_EQ(convert_label(text("gpu-01")), "gpu-01");
  EXPECT_EQ(convert_label(text(std::string("a\nb\x01", 4))), "a?b?");
  EXPECT_EQ(convert_label(text(std::string(100, 'x'))).size(), 64u);
  EXPECT_EQ(convert_label(integer(3)), "");
}

TEST(SnmpOid, ParsesAndPrints) {
  EXPECT_EQ(to_string(*parse_oid(".1.3.6.1.4.1.318")), "1.3.6.1.4.1.318");
  EXPECT_FALSE(parse_oid("1.3."));
  EXPECT_FALSE(parse_oid("1..3"));
  EXPECT_FALSE(parse_oid("1"));
  EXPECT_FALSE(parse_oid("1.3.x"));
  EXPECT_FALSE(parse_oid("1.3.99999999999"));
}

}  // namespace
}  // namespace sitepower::snmp
