define i32 @"snap_branch_bool"(i64 %".1", i64* %".2")
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
L5:
  %".13" = and i64 1, 281474976710655
  %".14" = or i64 %".13", -2251799813685248
  store i64 %".14", i64* %".2"
  ret i32 0
L8:
  %".17" = and i64 2, 281474976710655
  %".18" = or i64 %".17", -2251799813685248
  store i64 %".18", i64* %".2"
  ret i32 0
ok_unexpected_value:
  %".11" = trunc i64 %".6" to i1
  br i1 %".11", label %"L5", label %"L8"
bail_unexpected_value:
  ret i32 4
}
