define i32 @"snap_ne"(i64 %".1", i64 %".2", i64* %".3")
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
  %".17" = icmp eq i64 %".16", 65533
  %".18" = lshr i64 %".9", 48
  %".19" = icmp eq i64 %".18", 65533
  %".20" = or i1 %".17", %".19"
  %".21" = xor i1 %".10", -1
  %".22" = and i1 %".20", %".21"
  %".23" = or i1 %".15", %".22"
  %".24" = xor i1 %".23", -1
  br i1 %".24", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
ok_unexpected_value:
  %".27" = xor i1 %".10", -1
  %".28" = zext i1 %".27" to i64
  %".29" = or i64 %".28", -1970324836974592
  store i64 %".29", i64* %".3"
  ret i32 0
bail_unexpected_value:
  ret i32 4
}
