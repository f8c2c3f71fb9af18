define i32 @"snap_load_local"(i64 %".1", i64 %".2", i64* %".3")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  store i64 %".1", i64* %"l0"
  store i64 %".2", i64* %"l1"
  br label %"L0"
L0:
  %".8" = load i64, i64* %"l1"
  call void @"rt_incref_handle"(i64 %".8")
  store i64 %".8", i64* %".3"
  ret i32 0
}
