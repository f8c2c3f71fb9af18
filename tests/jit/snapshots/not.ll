define i32 @"snap_not"(i64 %".1", i64* %".2")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".1", i64* %"l0"
  br label %"L0"
L0:
  %".6" = load i64, i64* %"l0"
  %".7" = lshr i64 %".6", 1
  %".8" = icmp eq i64 %".7", 9222386874436288512
  br i1 %".8", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
ok_unexpected_value:
  %".11" = trunc i64 %".6" to i1
  %".12" = xor i1 %".11", -1
  %".13" = zext i1 %".12" to i64
  %".14" = or i64 %".13", -1970324836974592
  store i64 %".14", i64* %".2"
  ret i32 0
bail_unexpected_value:
  ret i32 4
}
