define i32 @"snap_pow"(i64 %".1", i64 %".2", i64* %".3")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  store i64 %".1", i64* %"l0"
  store i64 %".2", i64* %"l1"
  %"arena" = alloca i8*, i32 1
  %"arena_n" = alloca i64
  store i64 0, i64* %"arena_n"
  br label %"L0"
L0:
  %".9" = load i64, i64* %"l0"
  %".10" = load i64, i64* %"l1"
  %".11" = lshr i64 %".10", 48
  %".12" = icmp eq i64 %".11", 65528
  br i1 %".12", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_not_small_int:
  %".17" = shl i64 %".10", 16
  %".18" = ashr i64 %".17", 16
  %".19" = lshr i64 %".9", 48
  %".20" = icmp eq i64 %".19", 65528
  br i1 %".20", label %"ok_not_small_int.1", label %"bail_not_small_int", !prof !0
bail_not_small_int:
  %".13" = load i64, i64* %"arena_n"
  call void @"rt_release_arena"(i8** %"arena", i64 %".13")
  ret i32 1
ok_not_small_int.1:
  %".22" = shl i64 %".9", 16
  %".23" = ashr i64 %".22", 16
  %".24" = icmp sge i64 %".18", 0
  br i1 %".24", label %"ok_unexpected_value", label %"bail_unexpected_value", !prof !0
ok_unexpected_value:
  %".29" = call {i64, i1} @"rt_pow_small"(i64 %".23", i64 %".18")
  %".30" = extractvalue {i64, i1} %".29", 0
  %".31" = extractvalue {i64, i1} %".29", 1
  %".32" = shl i64 %".30", 16
  %".33" = ashr i64 %".32", 16
  %".34" = icmp eq i64 %".33", %".30"
  %".35" = and i1 %".31", %".34"
  %".36" = and i64 %".30", 281474976710655
  %".37" = or i64 %".36", -2251799813685248
  br i1 %".35", label %"pow_done", label %"pow_big"
bail_unexpected_value:
  %".25" = load i64, i64* %"arena_n"
  call void @"rt_release_arena"(i8** %"arena", i64 %".25")
  ret i32 4
pow_big:
  %".39" = load i64, i64* %"arena_n"
  %".40" = icmp slt i64 %".39", 1
  br i1 %".40", label %"ok_arena_full", label %"bail_arena_full", !prof !0
pow_done:
  %".58" = phi  i64 [%".37", %"ok_unexpected_value"], [%".56", %"ok_no_memory"]
  call void @"rt_incref_handle"(i64 %".58")
  store i64 %".58", i64* %".3"
  %".61" = load i64, i64* %"arena_n"
  call void @"rt_release_arena"(i8** %"arena", i64 %".61")
  ret i32 0
ok_arena_full:
  %".45" = call i8* @"rt_pow_big"(i64 %".23", i64 %".18")
  %".46" = icmp ne i8* %".45", null
  br i1 %".46", label %"ok_no_memory", label %"bail_no_memory", !prof !0
bail_arena_full:
  %".41" = load i64, i64* %"arena_n"
  call void @"rt_release_arena"(i8** %"arena", i64 %".41")
  ret i32 6
ok_no_memory:
  %".51" = getelementptr inbounds i8*, i8** %"arena", i64 %".39"
  store i8* %".45", i8** %".51"
  %".53" = add i64 %".39", 1
  store i64 %".53", i64* %"arena_n"
  %".55" = ptrtoint i8* %".45" to i64
  %".56" = or i64 %".55", -844424930131968
  br label %"pow_done"
bail_no_memory:
  %".47" = load i64, i64* %"arena_n"
  call void @"rt_release_arena"(i8** %"arena", i64 %".47")
  ret i32 7
}
