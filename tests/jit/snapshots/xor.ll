define i32 @"snap_xor"(i64 %".1", i64 %".2", i64* %".3")
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
  %".10" = lshr i64 %".9", 1
  %".11" = icmp eq i64 %".10", 9222386874436288512
  br i1 %".11", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
ok_unexpected_value:
  %".14" = trunc i64 %".9" to i1
  %".15" = lshr i64 %".8", 1
  %".16" = icmp eq i64 %".15", 9222386874436288512
  br i1 %".16", label %"ok_unexpected_value.1", label %"bail_unexpected_value", !prof !0
bail_unexpected_value:
  ret i32 4
ok_unexpected_value.1:
  %".18" = trunc i64 %".8" to i1
  %".19" = xor i1 %".18", %".14"
  %".20" = zext i1 %".19" to i64
  %".21" = or i64 %".20", -1970324836974592
  store i64 %".21", i64* %".3"
  ret i32 0
}
