define i32 @"snap_eq"(i64 %".1", i64 %".2", i64* %".3")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  store i64 %".1", i64* %"l0"
  store i64 %".2", i64* %"l1"
  br label %"L0"
L0:
  %".8" = load i64, i64* %"l0"
  %".9" = load i64, i64* %"l1"
  %".10" = icmp eq i64 %".8", %".9"
  %".11" = lshr i64 %".8", 51
  %".12" = icmp ne i64 %".11", 8191
  %".13" = lshr i64 %".9", 51
  %".14" = icmp ne i64 %".13", 8191
  %".15" = or i1 %".12", %".14"
  %".16" = lshr i64 %".8", 48
  %".17" = icmp eq i64 %".16", 65528
  %".18" = lshr i64 %".9", 48
  %".19" = icmp eq i64 %".18", 65528
  %".20" = and i1 %".17", %".19"
  %".21" = lshr i64 %".8", 48
  %".22" = icmp eq i64 %".21", 65529
  %".23" = lshr i64 %".9", 48
  %".24" = icmp eq i64 %".23", 65529
  %".25" = and i1 %".22", %".24"
  %".26" = or i1 %".20", %".25"
  %".27" = or i1 %".10", %".26"
  %".28" = xor i1 %".15", -1
  %".29" = and i1 %".28", %".27"
  br i1 %".29", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
ok_unexpected_value:
  %".32" = zext i1 %".10" to i64
  %".33" = or i64 %".32", -1970324836974592
  store i64 %".33", i64* %".3"
  ret i32 0
bail_unexpected_value:
  ret i32 4
}
