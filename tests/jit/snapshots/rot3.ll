define i32 @"snap_rot3"(i64 %".1", i64 %".2", i64 %".3", i64* %".4")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"s2" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  %"l2" = alloca i64
  store i64 %".1", i64* %"l0"
  store i64 %".2", i64* %"l1"
  store i64 %".3", i64* %"l2"
  br label %"L0"
L0:
  %".10" = load i64, i64* %"l0"
  %".11" = load i64, i64* %"l1"
  %".12" = load i64, i64* %"l2"
  call void @"rt_incref_handle"(i64 %".10")
  store i64 %".10", i64* %".4"
  ret i32 0
}
