define i32 @"snap_push_constant"(i64* %".1")
{
entry:
  %"s0" = alloca i64
  br label %"L0"
L0:
  %".4" = getelementptr inbounds [2 x i64], [2 x i64]* @"snap_push_constant.pool", i32 0, i32 0
  %".5" = call i64 @"rt_load_constant"(i64* %".4", i64 1)
  call void @"rt_incref_handle"(i64 %".5")
  store i64 %".5", i64* %".1"
  ret i32 0
}
